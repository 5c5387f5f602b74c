package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.SkipReason;
import dev.tillbridge.filter.service.OrderRecord;
import dev.tillbridge.filter.service.OrderRetention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Forgets the ledger entries of one task (partition) that have not changed for the retention
 * ({@link OrderRetention}), a bounded batch per call: it walks the store in key order from where the last call
 * stopped, so each call costs at most {@code batchSize} reads however large the store is, and a full pass takes
 * (entries ÷ batch size) sweep intervals. A delete is a tombstone on the store's changelog, so compaction shrinks
 * the changelog too and a restore reads only what is remembered. It runs inside the task's exactly-once
 * transaction: the deletes, the marks and the offsets commit together.
 */
final class LedgerSweep {

    private static final Logger LOG = Logger.getLogger(LedgerSweep.class);

    private final KeyValueStore<String, String> orders;
    private final KeyValueStore<String, String> marks;
    private final StateRetention retention;
    /** Told about each forgotten order still awaiting its invoice, so the mismatch watch forgets it too. */
    private final BiConsumer<String, OrderRecord> onForgottenAwaiting;

    private final String task;
    /** The last key looked at; null: the next call starts at the beginning. In memory: a restart starts over. */
    private String cursor;

    LedgerSweep(
            KeyValueStore<String, String> orders,
            KeyValueStore<String, String> marks,
            StateRetention retention,
            BiConsumer<String, OrderRecord> onForgottenAwaiting,
            String task) {
        this.orders = orders;
        this.marks = marks;
        this.retention = retention;
        this.onForgottenAwaiting = onForgottenAwaiting;
        this.task = task;
    }

    /** Looks at the next batch, forgets what expired; returns how many entries it forgot. */
    int sweep() {
        Instant now = retention.clock().instant();
        List<KeyValue<String, String>> batch = nextBatch();
        Map<String, Instant> newMarks = new HashMap<>();
        int forgotten = 0;
        for (KeyValue<String, String> entry : batch) {
            OrderRecord record = StateJson.read(entry.value, OrderRecord.class);
            if (!OrderRetention.expired(record, now, retention.orders())) {
                continue;
            }
            String integrationId = integrationOf(entry.key);
            Instant mark = newMarks.containsKey(integrationId) ? newMarks.get(integrationId) : mark(integrationId);
            newMarks.put(integrationId, OrderRetention.markAfterForgetting(mark, record));
            orders.delete(entry.key);
            if (!record.released() && record.lastSkip() == SkipReason.AWAITING_INVOICE) {
                onForgottenAwaiting.accept(integrationId, record);
            }
            LOG.debugf(
                    "Integration %s: forgot order %s (unchanged since %s)",
                    integrationId, record.latest().incrementId(), record.changedAt());
            forgotten++;
        }
        newMarks.forEach((integrationId, mark) -> marks.put(integrationId, mark.toString()));
        if (forgotten > 0) {
            LOG.infof(
                    "Forgot %d orders unchanged for %d days (task %s); newer versions of them are skipped as %s",
                    forgotten, retention.orders().toDays(), task, SkipReason.PAST_RETENTION);
        }
        return forgotten;
    }

    /** The retention mark of an integration in this partition, or null when none of its orders was forgotten here. */
    Instant mark(String integrationId) {
        String value = marks.get(integrationId);
        return value == null ? null : Instant.parse(value);
    }

    private List<KeyValue<String, String>> nextBatch() {
        List<KeyValue<String, String>> batch = new ArrayList<>();
        boolean more;
        // Collected first, deleted after: no store writes while an iterator is open.
        try (KeyValueIterator<String, String> it = cursor == null ? orders.all() : orders.range(cursor, null)) {
            while (it.hasNext() && batch.size() < retention.batchSize()) {
                KeyValue<String, String> entry = it.next();
                if (!entry.key.equals(cursor)) {
                    batch.add(entry);
                }
            }
            more = it.hasNext();
        }
        cursor = more && !batch.isEmpty() ? batch.get(batch.size() - 1).key : null;
        return batch;
    }

    private static String integrationOf(String orderKey) {
        int colon = orderKey.lastIndexOf(':');
        return colon < 0 ? orderKey : orderKey.substring(0, colon);
    }
}
