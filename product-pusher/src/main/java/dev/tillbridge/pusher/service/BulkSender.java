package dev.tillbridge.pusher.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.magento.MagentoException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends through Magento's asynchronous bulk endpoint ({@code POST /rest/all/async/bulk/V1/products}, docs/magento-api.md §6):
 * up to {@code bulkSize} products per request, then {@code GET /V1/bulk/{uuid}/detailed-status} until no
 * operation is open. Operation status 1 is a save, 2 (failed, retriable: a lost lock) goes back in line,
 * 3 and 5 are rejections with Magento's message. A bulk holds one of the integration's {@code bulkConcurrency}
 * permits until its last operation ended: Magento's consumer works through the queue one operation at a
 * time, so more bulks at once only lengthen the queue and the polling.
 */
final class BulkSender {

    private static final Logger LOG = Logger.getLogger(BulkSender.class);
    private static final long MAX_POLL_MILLIS = 2_000;

    private final Workers workers;
    private final Settlement settlement;
    private final PushSettings settings;
    private final Tracer tracer;

    BulkSender(Workers workers, Settlement settlement, PushSettings settings, Tracer tracer) {
        this.workers = workers;
        this.settlement = settlement;
        this.settings = settings;
        this.tracer = tracer;
    }

    /** Whether the lane's next products go by bulk: its mode, and for AUTO the measured choice. */
    boolean usesBulk(IntegrationLane lane) {
        long now = System.nanoTime();
        if (lane.bulkRefused(now)) {
            return false;
        }
        SendMode mode = settings.sendModeFor(lane.integrationId());
        if (mode == SendMode.AUTO) {
            return lane.chooser().choose(now, lane.pending().waitingCount()) == SendMode.BULK;
        }
        return mode == SendMode.BULK;
    }

    void dispatch(IntegrationLane lane) {
        while (workers.running() && lane.pending().hasWaiting() && !lane.paused(System.nanoTime())) {
            Optional<ConcurrencyLimit.Permit> permit = lane.bulkLimit().tryAcquire();
            if (permit.isEmpty()) {
                return;
            }
            List<ProductChange> batch = lane.pending().take(settings.bulkSize());
            if (batch.isEmpty()) {
                permit.get().ignored();
                return;
            }
            workers.execute(() -> send(lane, batch, permit.get()));
        }
    }

    private void send(IntegrationLane lane, List<ProductChange> batch, ConcurrencyLimit.Permit permit) {
        long started = System.nanoTime();
        // Every change stays here until its outcome is counted; whatever is left at the end is sent again.
        Map<Integer, ProductChange> open = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            open.put(i, batch.get(i));
        }
        try {
            JsonNode accepted;
            Span span = SaveTrace.start(tracer, "product bulk save", lane.integrationId(), batch);
            try (SpanScope ignored = SpanScope.enter(span)) {
                accepted = lane.client()
                        .bulkSaveProducts(batch.stream()
                                .map(c -> MagentoProduct.of(c.latest()))
                                .toList());
            } catch (MagentoException e) {
                refusedWhole(lane, permit, SendOutcome.of(e), started);
                return;
            } finally {
                span.end();
            }
            JsonNode items = accepted.path("request_items");
            for (int i = 0; i < batch.size(); i++) {
                JsonNode item = item(items, i);
                if (item != null && "rejected".equals(item.path("status").asText())) {
                    rejected(lane, batch.get(i), item.path("error_message").asText("Magento rejected the product."));
                    open.remove(i);
                }
            }
            String uuid = accepted.path("bulk_uuid").asText("");
            if (uuid.isBlank()) {
                LOG.warnf(
                        "Integration %s: Magento accepted a bulk without a bulk uuid; sending by PUT",
                        lane.integrationId());
                lane.refuseBulk(System.nanoTime() + settings.modeRetrial().toNanos());
                permit.ignored();
                return;
            }
            boolean lockLost = poll(lane, uuid, open, started);
            settlement.magentoAnswered(lane);
            if (lockLost) {
                permit.dropped();
            } else {
                permit.completed();
            }
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "Integration %s: a bulk of %d products failed unexpectedly; they are sent again",
                    lane.integrationId(),
                    batch.size());
            permit.ignored();
        } finally {
            // Whatever is still open (timed out, stopping, failed unexpectedly) is sent again: a repeat is harmless.
            open.values().forEach(lane.pending()::retry);
            workers.wake();
        }
    }

    /** Polls the bulk until no operation is open; returns whether a save lost a lock (a sign of too much at once). */
    private boolean poll(IntegrationLane lane, String uuid, Map<Integer, ProductChange> open, long started) {
        long deadline = started + settings.bulkTimeout().toNanos();
        long delay = settings.bulkPollInterval().toMillis();
        boolean lockLost = false;
        while (!open.isEmpty() && workers.running() && System.nanoTime() < deadline) {
            sleep(delay);
            delay = Math.min(MAX_POLL_MILLIS, delay + delay / 2);
            JsonNode status;
            try {
                status = lane.client().bulkStatus(uuid);
            } catch (MagentoException e) {
                LOG.debugf(
                        "Integration %s: bulk %s status not read (%s); asking again",
                        lane.integrationId(), uuid, e.readableMessage());
                continue;
            }
            for (JsonNode operation : status.path("operations_list")) {
                ProductChange change = open.get(operation.path("id").asInt(-1));
                if (change == null) {
                    continue;
                }
                String message = operation.path("result_message").asText("Magento did not save the product.");
                int id = operation.path("id").asInt();
                switch (operation.path("status").asInt(4)) {
                    case 1 -> {
                        settlement.saved(lane, change, SendMode.BULK);
                        open.remove(id);
                    }
                    case 2 -> {
                        lockLost = true;
                        change.attempted();
                        if (change.attempts() >= settings.maxLockWaitAttempts()) {
                            rejected(lane, change, message);
                            open.remove(id);
                        } else {
                            open.remove(id);
                            lane.pending().retry(change);
                        }
                    }
                    case 3, 5 -> {
                        rejected(lane, change, message);
                        open.remove(id);
                    }
                    default -> {
                        // 4: Magento's consumer has not got to it yet.
                    }
                }
            }
        }
        if (!open.isEmpty() && System.nanoTime() >= deadline) {
            LOG.warnf(
                    "Integration %s: %d operations of bulk %s still open after %s; they are sent again",
                    lane.integrationId(), open.size(), uuid, settings.bulkTimeout());
        }
        return lockLost;
    }

    private void rejected(IntegrationLane lane, ProductChange change, String message) {
        settlement.rejected(lane, change, message, SendMode.BULK);
    }

    /** The bulk request itself failed: the same rules as for one product, for all of them (sent again by send). */
    private void refusedWhole(IntegrationLane lane, ConcurrencyLimit.Permit permit, SendOutcome outcome, long started) {
        if (outcome instanceof SendOutcome.Overloaded overload) {
            permit.dropped();
            if (overload.storeUnavailable()) {
                settlement.storeUnavailable(lane, overload, started);
            }
        } else if (outcome instanceof SendOutcome.Blocked blocked) {
            permit.ignored();
            settlement.blocked(lane, blocked);
        } else {
            // The endpoint itself is refused (no async module, input limits): use PUT for a while.
            permit.ignored();
            String message = outcome instanceof SendOutcome.Rejected r ? r.readableMessage() : outcome.toString();
            LOG.warnf(
                    "Integration %s: Magento refused the bulk endpoint (%s); sending by PUT for %s",
                    lane.integrationId(), message, settings.modeRetrial());
            lane.refuseBulk(System.nanoTime() + settings.modeRetrial().toNanos());
            lane.chooser().bulkUnavailable(System.nanoTime());
        }
    }

    private static JsonNode item(JsonNode items, int index) {
        for (JsonNode item : items) {
            if (item.path("id").asInt(-1) == index) {
                return item;
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
