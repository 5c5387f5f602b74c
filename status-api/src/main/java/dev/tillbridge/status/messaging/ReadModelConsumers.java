package dev.tillbridge.status.messaging;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.events.kafka.TransientRetry;
import dev.tillbridge.status.service.ReadModelProjector;
import dev.tillbridge.status.service.Resyncs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The read model's Kafka adapters: one channel per topic, each reading a record as its event and handing
 * it to the transactional {@link ReadModelProjector}, then acknowledging it. What a failure becomes is the
 * shared rule of {@link TransientRetry} and {@link dev.tillbridge.events.kafka.FailureKind}: an unreadable
 * record or one the schema refuses goes to {@code <topic>.dlq}; while the database is unreachable, busy or
 * restarting the record is tried again with back-off (nothing committed, readiness DOWN after a few seconds);
 * during shutdown it is left for the restart.
 */
@ApplicationScoped
public class ReadModelConsumers {

    public static final String FILTERED_ORDERS = "status-filtered-orders";
    public static final String SKIPPED_ORDERS = "status-skipped-orders";
    public static final String SYNC_CYCLES = "status-sync-cycles";
    public static final String PRODUCT_PROGRESS = "status-product-progress";
    public static final String INTEGRATION_LOGS = "status-integration-logs";
    public static final String INTEGRATION_ALERTS = "status-integration-alerts";
    public static final String NOTIFICATIONS = "status-notifications";
    /** Order versions and re-download requests, for the order stories only. */
    public static final String RAW_ORDERS = "status-raw-orders";

    public static final List<String> CHANNELS = List.of(
            FILTERED_ORDERS,
            SKIPPED_ORDERS,
            SYNC_CYCLES,
            PRODUCT_PROGRESS,
            INTEGRATION_LOGS,
            INTEGRATION_ALERTS,
            NOTIFICATIONS,
            RAW_ORDERS);

    private final IncomingEvents incoming;
    private final ReadModelProjector projector;
    private final TransientRetry retry;
    private final Resyncs resyncs;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Timer> lag = new ConcurrentHashMap<>();

    public ReadModelConsumers(
            IncomingEvents incoming,
            ReadModelProjector projector,
            TransientRetry retry,
            Resyncs resyncs,
            MeterRegistry registry,
            Clock clock) {
        this.resyncs = resyncs;
        this.incoming = incoming;
        this.projector = projector;
        this.retry = retry;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The read model's lag: from when a record's event happened to when it is applied here (what the Status page
     * is behind by), per topic, as a histogram (bench/run p6 and the SRE's dashboards take p99 from its buckets).
     */
    private void applied(String topic, EventEnvelope<?> envelope) {
        Duration behind = Duration.between(envelope.occurredAt(), clock.instant());
        lag.computeIfAbsent(
                        topic,
                        t -> Timer.builder("tillbridge.readmodel.lag")
                                .description("From an event's occurredAt to its record applied to the read model")
                                .tag("topic", t)
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1))
                                .maximumExpectedValue(Duration.ofMinutes(5))
                                .register(registry))
                .record(behind.isNegative() ? Duration.ZERO : behind);
    }

    /**
     * The order topics carry a record per order (a burst of a store's history, a resync), so they are read a poll at
     * a time as {@code sync-cycles} is: one transaction and one commit per poll, the status rows of the poll's
     * integrations locked first in one statement, in id order, so two channels' polls never wait on each other in a
     * circle. A poison record sends the poll through record by record.
     */
    @Incoming(FILTERED_ORDERS)
    @Blocking
    public CompletionStage<Void> onFilteredOrders(KafkaRecordBatch<String, String> batch) {
        return consumePoll(FILTERED_ORDERS, batch, OrderReleased.class);
    }

    @Incoming(SKIPPED_ORDERS)
    @Blocking
    public CompletionStage<Void> onSkippedOrders(KafkaRecordBatch<String, String> batch) {
        return consumePoll(SKIPPED_ORDERS, batch, OrderSkipped.class);
    }

    /**
     * {@code sync-cycles} is a fleet's steady stream (a record per cycle of every integration), so it is read a poll
     * at a time ({@code batch=true}): one transaction, the status rows it touches locked in one statement, and one
     * commit per poll instead of one per record. A poison record sends the poll through record by record, so only
     * it goes to the dead-letter topic.
     */
    @Incoming(SYNC_CYCLES)
    @Blocking
    public CompletionStage<Void> onSyncCycles(KafkaRecordBatch<String, String> batch) {
        return retry.consumeBatch(
                SYNC_CYCLES,
                batch,
                records -> {
                    // Decoded here without the malformed count: a record that fails is read again alone, and counted
                    // there, once.
                    List<EventEnvelope<SyncCycle>> applied = QuarkusTransaction.requiringNew()
                            .call(() -> {
                                projector.lockStatusRows(records.stream()
                                        .filter(r -> r.key() != null)
                                        .map(ConsumerRecord::key)
                                        .toList());
                                List<EventEnvelope<SyncCycle>> cycles = new ArrayList<>(records.size());
                                for (ConsumerRecord<String, String> record : records) {
                                    if (record.value() != null) {
                                        EventEnvelope<SyncCycle> cycle =
                                                syncCycle(record, EventJson.decode(record.value()));
                                        if (cycle != null) {
                                            cycles.add(cycle);
                                        }
                                    }
                                }
                                return cycles;
                            });
                    applied.forEach(cycle -> applied(Topics.SYNC_CYCLES, cycle));
                },
                record -> {
                    if (record.value() != null) {
                        EventEnvelope<SyncCycle> cycle =
                                QuarkusTransaction.requiringNew().call(() -> syncCycle(record, incoming.read(record)));
                        if (cycle != null) {
                            applied(record.topic(), cycle);
                        }
                    }
                });
    }

    /**
     * Cycles and, next to them, the progress of resyncs (the envelope's own type says which), in the caller's
     * transaction. @return the cycle applied, or null for a resync's progress
     */
    private EventEnvelope<SyncCycle> syncCycle(
            ConsumerRecord<String, String> record, EventEnvelope<EventPayload> read) {
        if (read.payload() instanceof ResyncProgress) {
            @SuppressWarnings("unchecked")
            EventEnvelope<ResyncProgress> progress = (EventEnvelope<ResyncProgress>) (EventEnvelope<?>) read;
            resyncs.apply(progress);
            return null;
        }
        if (!(read.payload() instanceof SyncCycle)) {
            throw new MalformedEventException("Not a sync cycle or a resync's progress: " + read.type());
        }
        @SuppressWarnings("unchecked")
        EventEnvelope<SyncCycle> cycle = (EventEnvelope<SyncCycle>) (EventEnvelope<?>) read;
        projector.apply(record.topic(), cycle, new ReadModelProjector.Position(record.partition(), record.offset()));
        return cycle;
    }

    @Incoming(PRODUCT_PROGRESS)
    @Blocking
    public CompletionStage<Void> onProductProgress(Message<String> message) {
        return consume(PRODUCT_PROGRESS, message, ProductProgress.class);
    }

    @Incoming(INTEGRATION_LOGS)
    @Blocking
    public CompletionStage<Void> onLogEntry(Message<String> message) {
        return consume(INTEGRATION_LOGS, message, LogEntry.class);
    }

    @Incoming(INTEGRATION_ALERTS)
    @Blocking
    public CompletionStage<Void> onAlert(Message<String> message) {
        return consume(INTEGRATION_ALERTS, message, AlertChanged.class);
    }

    @Incoming(NOTIFICATIONS)
    @Blocking
    public CompletionStage<Void> onNotification(Message<String> message) {
        return consume(NOTIFICATIONS, message, NotificationSent.class);
    }

    /** Order versions and re-download requests (the envelope's own type says which): the stories need both. */
    @Incoming(RAW_ORDERS)
    @Blocking
    public CompletionStage<Void> onRawOrders(KafkaRecordBatch<String, String> batch) {
        return consumePoll(RAW_ORDERS, batch, null);
    }

    private CompletionStage<Void> consume(String channel, Message<String> message, Class<? extends EventPayload> type) {
        return retry.consume(channel, message, record -> applyAlone(record, type));
    }

    private void applyAlone(ConsumerRecord<String, String> record, Class<? extends EventPayload> type) {
        if (record.value() == null) {
            // A compacted topic's tombstone: an alert that no longer exists; a finished run's progress
            // (the last state shown stays).
            if (type == AlertChanged.class) {
                projector.alertDeleted(record.key());
            }
            return;
        }
        EventEnvelope<? extends EventPayload> envelope =
                type == null ? incoming.read(record) : incoming.read(record, type);
        if (apply(record, envelope, type == null)) {
            applied(record.topic(), envelope);
        }
    }

    /**
     * A poll of an order topic in one transaction. {@code type} null: raw-orders, where only observations and
     * re-download requests are applied and no lag is measured (it feeds the stories only).
     */
    private CompletionStage<Void> consumePoll(
            String channel, KafkaRecordBatch<String, String> batch, Class<? extends EventPayload> type) {
        return retry.consumeBatch(
                channel,
                batch,
                records -> {
                    // Decoded here without the malformed count: a record that fails is read again alone, and counted
                    // there, once.
                    List<Map.Entry<String, EventEnvelope<? extends EventPayload>>> applied =
                            QuarkusTransaction.requiringNew().call(() -> {
                                List<EventEnvelope<? extends EventPayload>> envelopes = new ArrayList<>(records.size());
                                for (ConsumerRecord<String, String> record : records) {
                                    envelopes.add(
                                            record.value() == null
                                                    ? null
                                                    : type == null
                                                            ? EventJson.decode(record.value())
                                                            : EventJson.decode(record.value(), type));
                                }
                                projector.lockStatusRows(envelopes.stream()
                                        .filter(e -> e != null)
                                        .map(e -> integrationOf(e))
                                        .filter(id -> id != null)
                                        .collect(Collectors.toSet()));
                                List<Map.Entry<String, EventEnvelope<? extends EventPayload>>> done = new ArrayList<>();
                                for (int i = 0; i < records.size(); i++) {
                                    EventEnvelope<? extends EventPayload> envelope = envelopes.get(i);
                                    if (envelope != null && apply(records.get(i), envelope, type == null)) {
                                        done.add(Map.entry(records.get(i).topic(), envelope));
                                    }
                                }
                                return done;
                            });
                    applied.forEach(done -> applied(done.getKey(), done.getValue()));
                },
                record -> applyAlone(record, type));
    }

    /**
     * @param storiesOnly raw-orders: only observations and re-download requests are applied, for the stories
     * @return whether the record counts for the read model's lag (raw-orders does not)
     */
    private boolean apply(
            ConsumerRecord<String, String> record,
            EventEnvelope<? extends EventPayload> envelope,
            boolean storiesOnly) {
        if (storiesOnly) {
            if (envelope.payload() instanceof OrderObserved || envelope.payload() instanceof RedownloadRequested) {
                projector.apply(record.topic(), envelope, null);
            }
            return false;
        }
        projector.apply(record.topic(), envelope, new ReadModelProjector.Position(record.partition(), record.offset()));
        return true;
    }

    /** The integration whose status row the record's change locks. */
    private static String integrationOf(EventEnvelope<? extends EventPayload> envelope) {
        EventPayload payload = envelope.payload();
        if (payload instanceof OrderReleased released) {
            return released.integrationId();
        }
        if (payload instanceof OrderSkipped skipped) {
            return skipped.integrationId();
        }
        if (payload instanceof OrderObserved observed) {
            return observed.integrationId();
        }
        if (payload instanceof RedownloadRequested request) {
            return request.integrationId();
        }
        return null;
    }
}
