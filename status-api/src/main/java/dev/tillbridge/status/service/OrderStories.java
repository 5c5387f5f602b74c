package dev.tillbridge.status.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The order stories of the read model ({@code order_story}, {@code order_fact}): the projector adds a fact for every
 * record about an order, and {@code GET /integrations/{id}/orders/{ref}} reads one story. A fact is written once per
 * record (its envelope id is unique); an order keeps at most {@code story.max-facts-per-order} facts, dropping its
 * oldest "seen" versions first; {@link ReadModelRetention} deletes stories with the other orders.
 */
@ApplicationScoped
public class OrderStories {

    private final EntityManager em;
    private final StatusApiConfig config;
    private final IntegrationDirectory directory;

    public OrderStories(EntityManager em, StatusApiConfig config, IntegrationDirectory directory) {
        this.em = em;
        this.config = config;
        this.directory = directory;
    }

    /**
     * Adds one fact to an order's story, in the caller's transaction (the projector's, with the integration's status
     * row locked). A record applied before changes nothing.
     */
    public void add(
            String integrationId, long entityId, String incrementId, Instant at, UUID envelopeId, StoryFact fact) {
        int inserted = em.createNativeQuery("""
                        INSERT INTO order_fact (integration_id, entity_id, kind, occurred_at, envelope_id, detail)
                        VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb))
                        ON CONFLICT (envelope_id) DO NOTHING
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, entityId)
                .setParameter(3, fact.kind())
                .setParameter(4, at)
                .setParameter(5, envelopeId)
                .setParameter(6, json(fact))
                .executeUpdate();
        if (inserted == 0) {
            return;
        }
        Number facts = (Number) em.createNativeQuery("""
                        INSERT INTO order_story (integration_id, entity_id, increment_id, first_fact_at, last_fact_at, facts)
                        VALUES (?1, ?2, ?3, ?4, ?4, 1)
                        ON CONFLICT (integration_id, entity_id) DO UPDATE
                           SET facts = order_story.facts + 1,
                               increment_id = COALESCE(EXCLUDED.increment_id, order_story.increment_id),
                               first_fact_at = LEAST(order_story.first_fact_at, EXCLUDED.first_fact_at),
                               last_fact_at = GREATEST(order_story.last_fact_at, EXCLUDED.last_fact_at)
                        RETURNING facts
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, entityId)
                .setParameter(3, incrementId)
                .setParameter(4, at)
                .getSingleResult();
        int over = facts.intValue() - config.story().maxFactsPerOrder();
        if (over > 0) {
            int dropped = em.createNativeQuery("""
                            DELETE FROM order_fact WHERE id IN (
                                   SELECT id FROM order_fact WHERE integration_id = ?1 AND entity_id = ?2
                                    ORDER BY (kind = 'SEEN') DESC, occurred_at, id LIMIT ?3)
                            """)
                    .setParameter(1, integrationId)
                    .setParameter(2, entityId)
                    .setParameter(3, over)
                    .executeUpdate();
            em.createNativeQuery("""
                            UPDATE order_story SET facts = facts - ?3, facts_dropped = facts_dropped + ?3
                             WHERE integration_id = ?1 AND entity_id = ?2
                            """)
                    .setParameter(1, integrationId)
                    .setParameter(2, entityId)
                    .setParameter(3, dropped)
                    .executeUpdate();
        }
    }

    /** The story of the order {@code ref} names, or the "never seen" answer. */
    public OrderStory story(String integrationId, String ref) {
        OrderRef parsed = OrderRef.parse(ref);
        Optional<Object[]> row = Optional.empty();
        String matchedBy = null;
        if (parsed.entityId() != null) {
            row = first(em.createNativeQuery("""
                            SELECT entity_id, increment_id, facts_dropped FROM order_story
                             WHERE integration_id = ?1 AND entity_id = ?2
                            """)
                    .setParameter(1, integrationId)
                    .setParameter(2, parsed.entityId())
                    .getResultList());
            matchedBy = "ENTITY_ID";
        }
        if (row.isEmpty()) {
            // Increment ids are unique per Magento store; should two orders share one, the most recent is shown.
            row = first(em.createNativeQuery("""
                            SELECT entity_id, increment_id, facts_dropped FROM order_story
                             WHERE integration_id = ?1 AND increment_id = ?2 ORDER BY last_fact_at DESC LIMIT 1
                            """)
                    .setParameter(1, integrationId)
                    .setParameter(2, parsed.incrementId())
                    .getResultList());
            matchedBy = "INCREMENT_ID";
        }
        if (row.isEmpty()) {
            return OrderStory.notSeen(
                    integrationId,
                    ref,
                    integration(integrationId),
                    config.retention().orders());
        }
        long entityId = ((Number) row.get()[0]).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT kind, occurred_at, id, detail::text FROM order_fact
                         WHERE integration_id = ?1 AND entity_id = ?2 ORDER BY occurred_at, id
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, entityId)
                .getResultList();
        List<OrderStory.Stored> stored = new ArrayList<>();
        for (Object[] r : rows) {
            stored.add(new OrderStory.Stored(
                    (String) r[0], instant(r[1]), ((Number) r[2]).longValue(), read((String) r[3])));
        }
        return OrderStory.of(
                integrationId,
                ref,
                matchedBy,
                entityId,
                (String) row.get()[1],
                stored,
                ((Number) row.get()[2]).intValue(),
                config.retention().orders());
    }

    private OrderStory.Integration integration(String integrationId) {
        IntegrationStatus s = IntegrationStatus.findById(integrationId);
        Optional<IntegrationConfigured> c = directory.find(integrationId);
        return new OrderStory.Integration(
                s == null ? c.map(IntegrationConfigured::enabled).orElse(null) : s.enabled,
                s == null ? null : s.watermark,
                s == null ? null : s.cycleWindowFrom,
                s == null ? null : s.cycleWindowTo,
                s == null ? null : s.cycleEndedAt,
                s == null ? null : s.cycleOutcome,
                s == null ? null : s.cycleError,
                s != null && s.syncIntervalSeconds != null
                        ? s.syncIntervalSeconds
                        : c.map(IntegrationConfigured::syncIntervalSeconds).orElse(null),
                c.map(IntegrationConfigured::startDate).orElse(null),
                c.map(IntegrationConfigured::storeIds).orElse(List.of()),
                c.map(i -> i.magento().storeCode()).orElse("default"));
    }

    private static Optional<Object[]> first(List<?> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of((Object[]) rows.get(0));
    }

    private static String json(StoryFact fact) {
        try {
            return EventJson.mapper().writeValueAsString(fact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a story fact", e);
        }
    }

    private static StoryFact read(String json) {
        try {
            return EventJson.mapper().readValue(json, StoryFact.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read a stored story fact", e);
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
