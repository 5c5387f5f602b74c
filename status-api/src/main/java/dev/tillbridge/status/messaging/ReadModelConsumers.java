package dev.tillbridge.status.messaging;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.status.service.ReadModelProjector;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The read model's Kafka adapters: one channel per topic, each reading a record as its event and handing
 * it to the transactional {@link ReadModelProjector}, then acknowledging it.
 *
 * <p>What happens to a record that cannot be applied depends on why:
 * <ul>
 * <li>unreadable (not an event of the topic's type): nacked, so the channel's dead-letter strategy moves it
 *     to {@code <topic>.dlq} and the consumer goes on;</li>
 * <li>the database is unreachable, busy or restarting (connection, serialization, lock, shutdown SQL
 *     states): tried again with back-off for as long as it takes; the consumer waits, its lag shows it,
 *     and no good record is dead-lettered because PostgreSQL failed over;</li>
 * <li>any other failure (a bug, a value the schema refuses): tried three times, then dead-lettered;</li>
 * <li>while the service shuts down: neither acknowledged nor dead-lettered, so the offset is not committed
 *     and the record is read again after the restart.</li>
 * </ul>
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
    public static final List<String> CHANNELS = List.of(FILTERED_ORDERS, SKIPPED_ORDERS, SYNC_CYCLES,
            PRODUCT_PROGRESS, INTEGRATION_LOGS, INTEGRATION_ALERTS, NOTIFICATIONS);

    private static final Logger LOG = Logger.getLogger(ReadModelConsumers.class);
    private static final int ATTEMPTS_FOR_OTHER_FAILURES = 3;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final IncomingEvents incoming;
    private final ReadModelProjector projector;
    private volatile boolean stopping;

    public ReadModelConsumers(IncomingEvents incoming, ReadModelProjector projector) {
        this.incoming = incoming;
        this.projector = projector;
    }

    /** Early in shutdown, before the database pool closes: records still arriving are left for the restart. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    @Incoming(FILTERED_ORDERS)
    @Blocking
    public CompletionStage<Void> onFilteredOrder(Message<String> message) {
        return consume(message, OrderReleased.class);
    }

    @Incoming(SKIPPED_ORDERS)
    @Blocking
    public CompletionStage<Void> onSkippedOrder(Message<String> message) {
        return consume(message, OrderSkipped.class);
    }

    @Incoming(SYNC_CYCLES)
    @Blocking
    public CompletionStage<Void> onSyncCycle(Message<String> message) {
        return consume(message, SyncCycle.class);
    }

    @Incoming(PRODUCT_PROGRESS)
    @Blocking
    public CompletionStage<Void> onProductProgress(Message<String> message) {
        return consume(message, ProductProgress.class);
    }

    @Incoming(INTEGRATION_LOGS)
    @Blocking
    public CompletionStage<Void> onLogEntry(Message<String> message) {
        return consume(message, LogEntry.class);
    }

    @Incoming(INTEGRATION_ALERTS)
    @Blocking
    public CompletionStage<Void> onAlert(Message<String> message) {
        return consume(message, AlertChanged.class);
    }

    @Incoming(NOTIFICATIONS)
    @Blocking
    public CompletionStage<Void> onNotification(Message<String> message) {
        return consume(message, NotificationSent.class);
    }

    private CompletionStage<Void> consume(Message<String> message, Class<? extends EventPayload> type) {
        if (stopping) {
            return leftForRestart();
        }
        ConsumerRecord<String, String> record = recordOf(message);
        Runnable change;
        if (record.value() == null) {
            // A compacted topic's tombstone: an alert that no longer exists; a finished run's progress
            // (the last state shown stays).
            if (type != AlertChanged.class) {
                return message.ack();
            }
            change = () -> projector.alertDeleted(record.key());
        } else {
            EventEnvelope<? extends EventPayload> envelope;
            try {
                envelope = incoming.read(record, type);
            } catch (MalformedEventException e) {
                return message.nack(e);
            }
            change = () -> projector.apply(record.topic(), envelope);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                change.run();
                return message.ack();
            } catch (RuntimeException e) {
                if (stopping) {
                    return leftForRestart();
                }
                boolean transientFailure = databaseUnavailable(e);
                if (!transientFailure && attempt >= ATTEMPTS_FOR_OTHER_FAILURES) {
                    LOG.errorf(e, "Cannot apply %s-%d@%d after %d attempts; it goes to the dead-letter topic",
                            record.topic(), record.partition(), record.offset(), attempt);
                    return message.nack(e);
                }
                LOG.warnf("Applying %s-%d@%d failed (attempt %d%s), trying again: %s", record.topic(),
                        record.partition(), record.offset(), attempt, transientFailure ? ", database unavailable" : "",
                        e.getMessage());
                if (!pause(attempt)) {
                    return leftForRestart();
                }
            }
        }
    }

    private static ConsumerRecord<String, String> recordOf(Message<String> message) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, String>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("Not a Kafka record"));
        return record;
    }

    /** Never completes: the record is neither acknowledged nor dead-lettered, so it is read again later. */
    private static CompletionStage<Void> leftForRestart() {
        return new CompletableFuture<>();
    }

    private static boolean pause(int attempt) {
        try {
            Thread.sleep(Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(attempt, 6)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * PostgreSQL's SQL states for "not now": connection exceptions (08), transaction rollbacks such as
     * serialization failures and deadlocks (40), insufficient resources (53), operator intervention such
     * as a shutdown or failover (57), and lock not available (55P03).
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.equals("55P03");
            }
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }
}
