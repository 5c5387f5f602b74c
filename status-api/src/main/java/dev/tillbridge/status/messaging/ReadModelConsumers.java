package dev.tillbridge.status.messaging;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.events.kafka.TransientRetry;
import dev.tillbridge.status.service.ReadModelProjector;
import dev.tillbridge.status.service.Resyncs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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

    @Incoming(SYNC_CYCLES)
    @Blocking
    public CompletionStage<Void> onSyncCycle(Message<String> message) {
        // Cycles and, next to them, the progress of resyncs (the envelope's own type says which).
        return retry.consume(SYNC_CYCLES, message, record -> {
            if (record.value() == null) {
                return;
            }
            EventEnvelope<EventPayload> envelope = incoming.read(record);
            if (envelope.payload() instanceof ResyncProgress) {
                @SuppressWarnings("unchecked")
                EventEnvelope<ResyncProgress> progress = (EventEnvelope<ResyncProgress>) (EventEnvelope<?>) envelope;
                resyncs.apply(progress);
            } else {
                EventEnvelope<SyncCycle> cycle = incoming.read(record, SyncCycle.class);
                projector.apply(
                        record.topic(), cycle, new ReadModelProjector.Position(record.partition(), record.offset()));
                applied(record.topic(), cycle);
            }
        });
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
