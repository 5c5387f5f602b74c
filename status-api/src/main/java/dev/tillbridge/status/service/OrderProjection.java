package dev.tillbridge.status.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * The orders of the read model: {@code filtered-orders} (downloaded counts, the last order, a release ends a skip),
 * {@code skipped-orders} (the skipped list: a newer decision replaces an older one, an older skip never brings a
 * released order back) and {@code raw-orders} (versions and re-download requests, for the order stories only). Every
 * record also becomes a fact of its order's story. Called by {@link ReadModelProjector} in its transaction.
 */
@ApplicationScoped
public class OrderProjection {

    private final EntityManager em;
    private final Event<ReadModelChanged> changes;
    private final StatusRows rows;
    private final OrderStories stories;

    public OrderProjection(EntityManager em, Event<ReadModelChanged> changes, StatusRows rows, OrderStories stories) {
        this.em = em;
        this.changes = changes;
        this.rows = rows;
        this.stories = stories;
    }

    void orderObserved(EventEnvelope<?> envelope, OrderObserved observed) {
        OrderSnapshot order = observed.order();
        if (rows.admitted(observed.integrationId(), envelope) == null) {
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

    void redownloadRequested(EventEnvelope<?> envelope, RedownloadRequested request) {
        if (rows.admitted(request.integrationId(), envelope) == null) {
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

    void orderReleased(EventEnvelope<?> envelope, OrderReleased released, ReadModelProjector.Position position) {
        String id = released.integrationId();
        Instant at = envelope.occurredAt();
        long entityId = released.order().entityId();
        // The status row is locked first by every change, so two topics' changes never wait on each other in a circle.
        IntegrationStatus status = rows.admitted(id, envelope);
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
        rows.touch(status);
        changes.fire(new ReadModelChanged(id, "orders", null));
    }

    void orderSkipped(EventEnvelope<?> envelope, OrderSkipped skipped) {
        String id = skipped.integrationId();
        Instant at = envelope.occurredAt();
        IntegrationStatus status = rows.admitted(id, envelope);
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
        rows.touch(status);
        changes.fire(new ReadModelChanged(id, "orders", null));
    }
}
