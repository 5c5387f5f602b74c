package dev.tillbridge.status.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Applies one record to the read model, at most once: the envelope id goes into {@code processed_event}
 * in the same transaction as the change, so a redelivered record changes nothing. Records of different
 * topics about one order or one run may arrive in any order; every change keeps the newer of two facts.
 * This is the transactional entry the Kafka adapters call; each topic's change is made by its projection
 * ({@link OrderProjection}, {@link SyncCycleProjection}, {@link ProductRunProjection}, {@link LogProjection},
 * {@link AlertProjection}, {@link IntegrationSettingsProjection}), in this transaction.
 */
@ApplicationScoped
public class ReadModelProjector {

    private final EntityManager em;
    private final Clock clock;
    private final OrderProjection orders;
    private final SyncCycleProjection cycles;
    private final ProductRunProjection runs;
    private final LogProjection logs;
    private final AlertProjection alerts;
    private final IntegrationSettingsProjection settings;

    public ReadModelProjector(
            EntityManager em,
            Clock clock,
            OrderProjection orders,
            SyncCycleProjection cycles,
            ProductRunProjection runs,
            LogProjection logs,
            AlertProjection alerts,
            IntegrationSettingsProjection settings) {
        this.em = em;
        this.clock = clock;
        this.orders = orders;
        this.cycles = cycles;
        this.runs = runs;
        this.logs = logs;
        this.alerts = alerts;
        this.settings = settings;
    }

    /** Where a record was read: the order story shows the partition and offset of a release. */
    public record Position(int partition, long offset) {}

    /** @return false when the record was applied before (a redelivery). */
    @Transactional
    public boolean apply(String topic, EventEnvelope<? extends EventPayload> envelope) {
        return apply(topic, envelope, null);
    }

    /** @return false when the record was applied before (a redelivery). */
    @Transactional
    public boolean apply(String topic, EventEnvelope<? extends EventPayload> envelope, Position position) {
        EventPayload payload = envelope.payload();
        // raw-orders (one record per order version: the bulk) only feeds the order stories, whose facts are unique by
        // envelope id: a redelivery is recognised there, without a processed_event row per version.
        if (payload instanceof OrderObserved observed) {
            orders.orderObserved(envelope, observed);
            return true;
        }
        if (payload instanceof RedownloadRequested request) {
            orders.redownloadRequested(envelope, request);
            return true;
        }
        // sync-cycles (one record per cycle of every integration: a fleet's steady stream) sets facts that keep the
        // newer of two and coverage that only moves forward, so applying a record again changes nothing: no
        // processed_event row per cycle.
        if (payload instanceof SyncCycle cycle) {
            cycles.syncCycle(envelope, cycle);
            return true;
        }
        if (!firstDelivery(envelope.id(), topic)) {
            return false;
        }
        if (payload instanceof OrderReleased released) {
            orders.orderReleased(envelope, released, position);
        } else if (payload instanceof OrderSkipped skipped) {
            orders.orderSkipped(envelope, skipped);
        } else if (payload instanceof ProductProgress progress) {
            runs.productProgress(envelope, progress);
        } else if (payload instanceof LogEntry entry) {
            logs.logEntry(envelope, entry);
        } else if (payload instanceof AlertChanged alert) {
            alerts.alertChanged(envelope, alert);
        } else if (payload instanceof NotificationSent notification) {
            logs.notificationSent(envelope, notification);
        }
        // Other types on these topics (none today) are not part of the Status page: recorded and ignored.
        return true;
    }

    /**
     * Locks the status rows of these integrations (those that exist yet), in one statement and in one order, in
     * the caller's transaction: a poll of {@code sync-cycles} applied at once then reads each row from the
     * persistence context instead of one locking SELECT per record, and two transactions locking several rows take
     * them in the same order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockStatusRows(Collection<String> integrationIds) {
        if (integrationIds.isEmpty()) {
            return;
        }
        em.createQuery(
                        "SELECT s FROM IntegrationStatus s WHERE s.integrationId IN :ids ORDER BY s.integrationId",
                        IntegrationStatus.class)
                .setParameter("ids", new TreeSet<>(integrationIds))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /** A compacted topic's tombstone: the alert of key {@code integrationId:CODE} no longer exists. */
    @Transactional
    public void alertDeleted(String key) {
        alerts.alertDeleted(key);
    }

    /** The integrations topic, as the IntegrationDirectory read it: settings shown on the Status page. */
    @Transactional
    public void integrationChanged(String integrationId, Optional<IntegrationConfigured> config) {
        settings.integrationChanged(integrationId, config);
    }

    private boolean firstDelivery(UUID envelopeId, String topic) {
        return em.createNativeQuery("""
                        INSERT INTO processed_event (envelope_id, topic, processed_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT (envelope_id) DO NOTHING
                        """)
                        .setParameter(1, envelopeId)
                        .setParameter(2, topic)
                        .setParameter(3, clock.instant())
                        .executeUpdate()
                == 1;
    }
}
