package dev.tillbridge.status.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.status.model.AlertStateRow;
import dev.tillbridge.status.model.IntegrationStatus;
import dev.tillbridge.status.model.LogLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one record to the read model, at most once: the envelope id goes into {@code processed_event}
 * in the same transaction as the change, so a redelivered record changes nothing. Records of different
 * topics about one order or one run may arrive in any order; every change keeps the newer of two facts.
 */
@ApplicationScoped
public class ReadModelProjector {

    private final EntityManager em;
    private final Event<ReadModelChanged> changes;
    private final Clock clock;
    private final Incarnations incarnations;
    private final OrderStories stories;

    public ReadModelProjector(
            EntityManager em,
            Event<ReadModelChanged> changes,
            Clock clock,
            Incarnations incarnations,
            OrderStories stories) {
        this.em = em;
        this.changes = changes;
        this.clock = clock;
        this.incarnations = incarnations;
        this.stories = stories;
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
            orderObserved(envelope, observed);
            return true;
        }
        if (payload instanceof RedownloadRequested request) {
            redownloadRequested(envelope, request);
            return true;
        }
        if (!firstDelivery(envelope.id(), topic)) {
            return false;
        }
        if (payload instanceof OrderReleased released) {
            orderReleased(envelope, released, position);
        } else if (payload instanceof OrderSkipped skipped) {
            orderSkipped(envelope, skipped);
        } else if (payload instanceof SyncCycle cycle) {
            syncCycle(envelope, cycle);
        } else if (payload instanceof ProductProgress progress) {
            productProgress(envelope, progress);
        } else if (payload instanceof LogEntry entry) {
            logEntry(envelope, entry);
        } else if (payload instanceof AlertChanged alert) {
            alertChanged(envelope, alert);
        } else if (payload instanceof NotificationSent notification) {
            notificationSent(envelope, notification);
        }
        // Other types on these topics (none today) are not part of the Status page: recorded and ignored.
        return true;
    }

    /** A compacted topic's tombstone: the alert of key {@code integrationId:CODE} no longer exists. */
    @Transactional
    public void alertDeleted(String key) {
        int colon = key == null ? -1 : key.lastIndexOf(':');
        if (colon <= 0) {
            return;
        }
        String integrationId = key.substring(0, colon);
        String code = key.substring(colon + 1);
        IntegrationStatus status = lockedStatus(integrationId);
        AlertStateRow row = AlertStateRow.findById(new AlertStateRow.AlertKey(integrationId, code));
        if (row != null) {
            row.delete();
            if (status != null) {
                touch(status);
            }
            changes.fire(new ReadModelChanged(integrationId, "alert", null));
        }
    }

    /** The integrations topic, as the IntegrationDirectory read it: settings shown on the Status page. */
    @Transactional
    public void integrationChanged(String integrationId, Optional<IntegrationConfigured> config) {
        if (config.isEmpty()) {
            IntegrationStatus status = lockedStatus(integrationId);
            // A tombstone read after this control plane created the id again belongs to the incarnation before.
            if (status != null && !status.deleted && !recreatedByControlPlane(integrationId)) {
                status.deleted = true;
                status.enabled = false;
                incarnations.end(status);
                changes.fire(new ReadModelChanged(integrationId, "integration", null));
            }
            return;
        }
        IntegrationConfigured c = config.get();
        IntegrationStatus status = ensureStatus(integrationId, c.accountId());
        // An older revision changes nothing; nor does reading back the disabled record of a deletion
        // the control plane already applied.
        if (status.configured
                && (status.revision > c.revision() || (status.revision == c.revision() && status.deleted))) {
            return;
        }
        if (status.deleted) {
            incarnations.begin(status); // created again through the topic (not by this control plane)
        }
        applyConfiguration(status, c);
        changes.fire(new ReadModelChanged(integrationId, "integration", null));
    }

    private boolean recreatedByControlPlane(String integrationId) {
        return !em.createNativeQuery("SELECT 1 FROM controlled_integration WHERE integration_id = ?1 AND NOT deleted")
                .setParameter(1, integrationId)
                .getResultList()
                .isEmpty();
    }

    /** Writes an integration's settings into its status row (also used by the control plane, in its transaction). */
    public void applyConfiguration(IntegrationStatus status, IntegrationConfigured c) {
        status.configured = true;
        status.deleted = false;
        status.accountId = c.accountId();
        status.revision = c.revision();
        status.name = c.name();
        status.posName = c.posName();
        status.enabled = c.enabled();
        status.downloadMode = c.downloadMode().name();
        status.syncIntervalSeconds = c.syncIntervalSeconds();
        touch(status);
    }

    private void orderObserved(EventEnvelope<?> envelope, OrderObserved observed) {
        OrderSnapshot order = observed.order();
        if (admitted(observed.integrationId(), envelope) == null) {
            return;
        }
        stories.add(
                observed.integrationId(),
                order.entityId(),
                order.incrementId(),
                envelope.occurredAt(),
                envelope.id(),
                StoryFact.seen(
                        observed.cycleId(),
                        observed.observedBy().name(),
                        order.updatedAt(),
                        order.state(),
                        order.status(),
                        order.storeId(),
                        order.baseGrandTotal(),
                        order.baseTotalInvoiced()));
    }

    private void redownloadRequested(EventEnvelope<?> envelope, RedownloadRequested request) {
        if (admitted(request.integrationId(), envelope) == null) {
            return;
        }
        stories.add(
                request.integrationId(),
                request.entityId(),
                null,
                envelope.occurredAt(),
                envelope.id(),
                StoryFact.redownloadRequested(request.requestedBy()));
    }

    private void orderReleased(EventEnvelope<?> envelope, OrderReleased released, Position position) {
        String id = released.integrationId();
        Instant at = envelope.occurredAt();
        long entityId = released.order().entityId();
        // The status row is locked first by every change, so two topics' changes never wait on each other in a circle.
        IntegrationStatus status = admitted(id, envelope);
        if (status == null) {
            return;
        }
        OrderSnapshot order = released.order();
        stories.add(
                id,
                entityId,
                order.incrementId(),
                at,
                envelope.id(),
                StoryFact.released(
                        released.redownload(),
                        released.downloadMode().name(),
                        position == null ? null : position.partition(),
                        position == null ? null : position.offset(),
                        order.updatedAt(),
                        order.state(),
                        order.baseGrandTotal(),
                        order.baseTotalInvoiced()));
        em.createNativeQuery("""
                        INSERT INTO downloaded_order (integration_id, entity_id, increment_id, first_downloaded_at,
                                                      last_downloaded_at, downloads)
                        VALUES (?1, ?2, ?3, ?4, ?4, 1)
                        ON CONFLICT (integration_id, entity_id) DO UPDATE
                           SET downloads = downloaded_order.downloads + 1,
                               increment_id = EXCLUDED.increment_id,
                               first_downloaded_at = LEAST(downloaded_order.first_downloaded_at, EXCLUDED.first_downloaded_at),
                               last_downloaded_at = GREATEST(downloaded_order.last_downloaded_at, EXCLUDED.last_downloaded_at)
                        """)
                .setParameter(1, id)
                .setParameter(2, entityId)
                .setParameter(3, released.order().incrementId())
                .setParameter(4, at)
                .executeUpdate();
        // A skip decided before this release is over: the order reached the POS.
        em.createNativeQuery(
                        "DELETE FROM skipped_order WHERE integration_id = ?1 AND entity_id = ?2 AND skipped_at <= ?3")
                .setParameter(1, id)
                .setParameter(2, entityId)
                .setParameter(3, at)
                .executeUpdate();
        if (status.lastOrderDownloadedAt == null || !at.isBefore(status.lastOrderDownloadedAt)) {
            status.lastOrderDownloadedAt = at;
            status.lastOrderIncrementId = released.order().incrementId();
            status.lastOrderEntityId = entityId;
        }
        touch(status);
        changes.fire(new ReadModelChanged(id, "orders", null));
    }

    private void orderSkipped(EventEnvelope<?> envelope, OrderSkipped skipped) {
        String id = skipped.integrationId();
        Instant at = envelope.occurredAt();
        IntegrationStatus status = admitted(id, envelope);
        if (status == null) {
            return;
        }
        // The story keeps every decision, also one a later release (read first) already overtook.
        stories.add(
                id,
                skipped.entityId(),
                skipped.incrementId(),
                at,
                envelope.id(),
                StoryFact.skipped(
                        skipped.reason().name(),
                        skipped.finalDecision(),
                        skipped.sentence(),
                        skipped.advice(),
                        skipped.orderUpdatedAt(),
                        skipped.orderState(),
                        skipped.orderStatus()));
        Number releasedLater = (Number) em.createNativeQuery("""
                        SELECT count(*) FROM downloaded_order
                         WHERE integration_id = ?1 AND entity_id = ?2 AND last_downloaded_at > ?3
                        """)
                .setParameter(1, id)
                .setParameter(2, skipped.entityId())
                .setParameter(3, at)
                .getSingleResult();
        if (releasedLater.longValue() > 0) {
            return;
        }
        // A newer decision about the same order replaces the older one (AWAITING_INVOICE, then CANCELED).
        em.createNativeQuery("""
                        INSERT INTO skipped_order (integration_id, entity_id, increment_id, reason, final_decision, sentence,
                                                   advice, order_state, order_status, order_created_at, order_updated_at,
                                                   first_skipped_at, skipped_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
                        ON CONFLICT (integration_id, entity_id) DO UPDATE
                           SET increment_id = EXCLUDED.increment_id, reason = EXCLUDED.reason,
                               final_decision = EXCLUDED.final_decision, sentence = EXCLUDED.sentence,
                               advice = EXCLUDED.advice, order_state = EXCLUDED.order_state,
                               order_status = EXCLUDED.order_status, order_created_at = EXCLUDED.order_created_at,
                               order_updated_at = EXCLUDED.order_updated_at, skipped_at = EXCLUDED.skipped_at
                         WHERE skipped_order.skipped_at <= EXCLUDED.skipped_at
                        """)
                .setParameter(1, id)
                .setParameter(2, skipped.entityId())
                .setParameter(3, skipped.incrementId())
                .setParameter(4, skipped.reason().name())
                .setParameter(5, skipped.finalDecision())
                .setParameter(6, skipped.sentence())
                .setParameter(7, skipped.advice())
                .setParameter(8, skipped.orderState())
                .setParameter(9, skipped.orderStatus())
                .setParameter(10, skipped.orderCreatedAt())
                .setParameter(11, skipped.orderUpdatedAt())
                .setParameter(12, at)
                .executeUpdate();
        touch(status);
        changes.fire(new ReadModelChanged(id, "orders", null));
    }

    private void syncCycle(EventEnvelope<?> envelope, SyncCycle cycle) {
        IntegrationStatus s = admitted(cycle.integrationId(), envelope);
        if (s == null) {
            return;
        }
        Instant at = envelope.occurredAt();
        if (s.firstCycleAt == null || at.isBefore(s.firstCycleAt)) {
            s.firstCycleAt = at;
        }
        boolean newest = s.cycleEventAt == null || !at.isBefore(s.cycleEventAt);
        if (cycle.phase() == SyncCycle.Phase.STARTED) {
            if (newest) {
                s.runningCycleId = cycle.cycleId();
                s.runningCycleStartedAt = at;
                s.runningWindowFrom = cycle.windowFrom();
                s.runningWindowTo = cycle.windowTo();
                s.cycleEventAt = at;
            }
        } else {
            if (newest) {
                Instant startedAt = cycle.cycleId().equals(s.runningCycleId)
                        ? s.runningCycleStartedAt
                        : cycle.durationMs() == null ? null : at.minusMillis(cycle.durationMs());
                s.cycleId = cycle.cycleId();
                s.cycleStartedAt = startedAt;
                s.cycleEndedAt = at;
                s.cycleWindowFrom = cycle.windowFrom();
                s.cycleWindowTo = cycle.windowTo();
                s.cycleOutcome = cycle.outcome().name();
                s.cycleOrdersSeen = cycle.ordersSeen();
                s.cycleDurationMs = cycle.durationMs();
                s.cycleError = cycle.errorMessage();
                s.cycleEventAt = at;
                if (cycle.cycleId().equals(s.runningCycleId)) {
                    s.runningCycleId = null;
                    s.runningCycleStartedAt = null;
                    s.runningWindowFrom = null;
                    s.runningWindowTo = null;
                }
            }
            // Coverage facts only ever move forward, whatever order the records come in.
            if (cycle.outcome() == SyncCycle.Outcome.SUCCEEDED) {
                s.lastSuccessfulCycleAt = SyncCoverage.later(s.lastSuccessfulCycleAt, at);
                s.watermark = SyncCoverage.later(s.watermark, cycle.windowTo());
            }
            s.magentoNewestUpdatedAt = SyncCoverage.later(s.magentoNewestUpdatedAt, cycle.magentoNewestUpdatedAt());
            s.behindSince = SyncCoverage.behindSince(s.behindSince, s.watermark, s.magentoNewestUpdatedAt);
        }
        touch(s);
        changes.fire(new ReadModelChanged(s.integrationId, "cycle", StatusDocument.SyncCycleView.of(s)));
    }

    private void productProgress(EventEnvelope<?> envelope, ProductProgress p) {
        IntegrationStatus s = admitted(p.integrationId(), envelope);
        if (s == null) {
            return;
        }
        Instant at = envelope.occurredAt();
        if (p.lastSentAt() != null
                && p.lastSku() != null
                && (s.lastProductSentAt == null || p.lastSentAt().isAfter(s.lastProductSentAt))) {
            s.lastProductSentAt = p.lastSentAt();
            s.lastProductSku = p.lastSku();
        }
        if (s.runUpdatedAt != null && at.isBefore(s.runUpdatedAt)) {
            touch(s);
            return;
        }
        s.runId = p.runId();
        s.runSent = p.sent();
        s.runFailed = p.failed();
        s.runTotal = p.total();
        s.runState = p.state().name();
        s.runRate = p.ratePerSecond();
        s.runEtaSeconds = p.etaSeconds();
        s.runLastSku = p.lastSku();
        s.runStartedAt = p.startedAt();
        s.runUpdatedAt = at;
        s.runRestarts = p.restarts();
        s.runMostFrequentError = p.mostFrequentError();
        touch(s);
        changes.fire(new ReadModelChanged(s.integrationId, "progress", StatusDocument.ProductRunView.of(s)));
    }

    private void logEntry(EventEnvelope<?> envelope, LogEntry entry) {
        IntegrationStatus status = admitted(entry.integrationId(), envelope);
        if (status == null) {
            return;
        }
        insertLog(
                envelope.id(),
                entry.integrationId(),
                status.accountId,
                entry.service(),
                entry.type(),
                entry.message(),
                entry.origin(),
                entry.reference(),
                envelope.occurredAt());
        // A line about one order (the Auto-Invoice outcome, a re-download that could not be done) is part of its story.
        if (entry.entityId() != null && entry.entityId() > 0) {
            StoryFact fact = entry.invoice() != null
                    ? StoryFact.invoice(
                            entry.invoice().outcome().name(),
                            entry.invoice().invoiceId(),
                            entry.type().name(),
                            entry.service().name(),
                            entry.message())
                    : StoryFact.log(entry.type().name(), entry.service().name(), entry.message());
            stories.add(
                    entry.integrationId(),
                    entry.entityId(),
                    entry.invoice() != null ? entry.reference() : null,
                    envelope.occurredAt(),
                    envelope.id(),
                    fact);
        }
    }

    private void alertChanged(EventEnvelope<?> envelope, AlertChanged alert) {
        IntegrationStatus status = admitted(alert.integrationId(), envelope);
        if (status == null) {
            return;
        }
        var key = new AlertStateRow.AlertKey(alert.integrationId(), alert.code().name());
        AlertStateRow row = AlertStateRow.findById(key, LockModeType.PESSIMISTIC_WRITE);
        Instant at = envelope.occurredAt();
        if (row != null && at.isBefore(row.changedAt)) {
            return;
        }
        if (row == null) {
            row = new AlertStateRow();
            row.id = key;
        }
        row.state = alert.state().name();
        row.service = alert.service() == null ? null : alert.service().name();
        row.message = alert.message();
        row.advice = alert.advice();
        row.firstSeenAt = alert.firstSeenAt();
        row.lastSeenAt = alert.lastSeenAt();
        row.occurrences = alert.occurrences();
        row.origin = alert.origin();
        row.changedAt = at;
        row.persist();
        touch(status);
        changes.fire(new ReadModelChanged(alert.integrationId(), "alert", StatusDocument.AlertView.of(row)));
    }

    /** Each e-mail becomes a Notification line on the Logs page of every integration it was about. */
    private void notificationSent(EventEnvelope<?> envelope, NotificationSent n) {
        Set<String> integrations = new LinkedHashSet<>(n.integrationIds());
        if (integrations.isEmpty()
                && envelope.integrationId() != null
                && !envelope.integrationId().isBlank()) {
            integrations.add(envelope.integrationId());
        }
        if (integrations.isEmpty()) {
            integrations.addAll(em.createQuery(
                            "SELECT s.integrationId FROM IntegrationStatus s WHERE s.accountId = ?1 AND s.deleted = false",
                            String.class)
                    .setParameter(1, n.accountId())
                    .getResultList());
        }
        for (String integrationId : integrations) {
            IntegrationStatus status = ensureStatus(integrationId, n.accountId());
            if (!Incarnations.admits(status, n.accountId(), n.sentAt())) {
                continue;
            }
            for (LogService service :
                    NotificationLines.servicesOf(n.alertCodes(), code -> knownService(integrationId, code))) {
                insertLog(
                        envelope.id(),
                        integrationId,
                        status.accountId,
                        service,
                        LogType.NOTIFICATION,
                        NotificationLines.message(n),
                        "notifier",
                        NotificationLines.reference(n),
                        n.sentAt());
            }
        }
    }

    private Optional<LogService> knownService(String integrationId, AlertCode code) {
        AlertStateRow row = AlertStateRow.findById(new AlertStateRow.AlertKey(integrationId, code.name()));
        return row == null || row.service == null ? Optional.empty() : Optional.of(LogService.valueOf(row.service));
    }

    private void insertLog(
            UUID envelopeId,
            String integrationId,
            String accountId,
            LogService service,
            LogType type,
            String message,
            String origin,
            String reference,
            Instant at) {
        LogLine line = new LogLine();
        line.envelopeId = envelopeId;
        line.integrationId = integrationId;
        line.accountId = accountId;
        line.service = service.name();
        line.type = type.name();
        line.message = message;
        line.origin = origin;
        line.reference = reference;
        line.occurredAt = at;
        line.persist();
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

    /** The locked status row when the record belongs to the integration's current incarnation, else null. */
    private IntegrationStatus admitted(String integrationId, EventEnvelope<?> envelope) {
        IntegrationStatus status = ensureStatus(integrationId, envelope.accountId());
        return Incarnations.admits(status, envelope.accountId(), envelope.occurredAt()) ? status : null;
    }

    /**
     * The integration's status row, created if it is the first record about it, and locked: records of
     * several topics about one integration are applied one after the other.
     */
    IntegrationStatus ensureStatus(String integrationId, String accountId) {
        em.createNativeQuery("""
                        INSERT INTO integration_status (integration_id, account_id, enabled, updated_at)
                        VALUES (?1, ?2, TRUE, ?3) ON CONFLICT (integration_id) DO NOTHING
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, accountId)
                .setParameter(3, clock.instant())
                .executeUpdate();
        return lockedStatus(integrationId);
    }

    private IntegrationStatus lockedStatus(String integrationId) {
        return em.find(IntegrationStatus.class, integrationId, LockModeType.PESSIMISTIC_WRITE);
    }

    private void touch(IntegrationStatus status) {
        status.version++;
        status.updatedAt = clock.instant();
    }
}
