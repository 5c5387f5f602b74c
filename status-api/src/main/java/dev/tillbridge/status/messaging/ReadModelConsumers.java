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

    @Incoming(FILTERED_ORDERS)
    @Blocking
    public CompletionStage<Void> onFilteredOrder(Message<String> message) {
        return consume(FILTERED_ORDERS, message, OrderReleased.class);
    }

    @Incoming(SKIPPED_ORDERS)
    @Blocking
    public CompletionStage<Void> onSkippedOrder(Message<String> message) {
        return consume(SKIPPED_ORDERS, message, OrderSkipped.class);
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

    @Incoming(RAW_ORDERS)
    @Blocking
    public CompletionStage<Void> onRawOrder(Message<String> message) {
        // Two types share the topic (the envelope's own type says which); the story needs both, nothing else.
        return retry.consume(RAW_ORDERS, message, record -> {
            if (record.value() == null) {
                return;
            }
            EventEnvelope<EventPayload> envelope = incoming.read(record);
            if (envelope.payload() instanceof OrderObserved || envelope.payload() instanceof RedownloadRequested) {
                projector.apply(record.topic(), envelope, null);
            }
        });
    }

    private CompletionStage<Void> consume(String channel, Message<String> message, Class<? extends EventPayload> type) {
        return retry.consume(channel, message, record -> {
            if (record.value() == null) {
                // A compacted topic's tombstone: an alert that no longer exists; a finished run's progress
                // (the last state shown stays).
                if (type == AlertChanged.class) {
                    projector.alertDeleted(record.key());
                }
                return;
            }
            EventEnvelope<? extends EventPayload> envelope = incoming.read(record, type);
            projector.apply(
                    record.topic(), envelope, new ReadModelProjector.Position(record.partition(), record.offset()));
            applied(record.topic(), envelope);
        });
    }
}
