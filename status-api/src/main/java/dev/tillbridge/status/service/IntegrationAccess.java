package dev.tillbridge.status.service;

import dev.tillbridge.status.model.ControlledIntegration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The tenancy gate: every route that names an integration, and the control plane, ask {@link #require} whether the
 * caller may act on it. An unknown id, a deleted one and another account's all answer the same
 * {@link IntegrationNotFoundException} (404), so no answer tells them apart. The owner comes from one lookup,
 * {@link #find}: the read model's status row, else the control plane's own row for an integration it created a
 * moment ago.
 */
@ApplicationScoped
public class IntegrationAccess {

    private final EntityManager em;

    public IntegrationAccess(EntityManager em) {
        this.em = em;
    }

    /** @param version the status row's version, or -1 when the read model has no row for it yet */
    public record Owner(String integrationId, String accountId, long version) {}

    /** @throws IntegrationNotFoundException unless the integration is live and the caller sees its account */
    public Owner require(Caller caller, String integrationId) {
        return visible(caller, integrationId, find(integrationId));
    }

    /**
     * The gate's rule for an owner looked up before (a cached status document): null or another account's is not
     * found, exactly like an unknown id.
     */
    public static Owner visible(Caller caller, String integrationId, Owner owner) {
        if (owner == null || !caller.canSee(owner.accountId())) {
            throw new IntegrationNotFoundException(integrationId);
        }
        return owner;
    }

    /**
     * The account that holds or held the id, or null for an id never used. A deleted integration keeps its
     * owner: an id belongs to the account that first used it, forever, so no other account can create it again
     * and inherit what was kept under it (the control plane's copy first, then the read model, then the
     * directory, for integrations configured on the topic by others).
     */
    public String heldBy(String integrationId) {
        List<?> owners =
                em.createNativeQuery("""
                        SELECT account_id FROM (
                            SELECT account_id, 1 AS source FROM controlled_integration WHERE integration_id = ?1
                            UNION ALL SELECT account_id, 2 FROM integration_status WHERE integration_id = ?1
                            UNION ALL SELECT account_id, 3 FROM integration_directory WHERE integration_id = ?1
                        ) held ORDER BY source LIMIT 1
                        """).setParameter(1, integrationId).getResultList();
        return owners.isEmpty() ? null : (String) owners.get(0);
    }

    /**
     * What an open live stream was opened on: the owner and the incarnation. A stream stays open only while
     * this is unchanged (not deleted, not created again, same account).
     */
    public record Incarnation(String accountId, Instant startedAt) {}

    /** @return the live integration's incarnation, or null for an unknown or deleted one */
    public Incarnation incarnation(String integrationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery("""
                        SELECT account_id, incarnation_started_at FROM integration_status
                         WHERE integration_id = ?1 AND NOT deleted
                        """).setParameter(1, integrationId).getResultList();
        if (rows.isEmpty()) {
            Owner owner = find(integrationId);
            return owner == null ? null : new Incarnation(owner.accountId(), null);
        }
        Object started = rows.get(0)[1];
        return new Incarnation((String) rows.get(0)[0], started == null ? null : toInstant(started));
    }

    private static Instant toInstant(Object value) {
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

    /** @return the owner, or null for an unknown or deleted integration (whoever asks) */
    public Owner find(String integrationId) {
        if (integrationId == null || integrationId.length() > 200) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT account_id, deleted, version FROM integration_status WHERE integration_id = ?1")
                .setParameter(1, integrationId)
                .getResultList();
        if (!rows.isEmpty()) {
            Object[] row = rows.get(0);
            if (Boolean.TRUE.equals(row[1])) {
                return null;
            }
            return new Owner(integrationId, (String) row[0], ((Number) row[2]).longValue());
        }
        ControlledIntegration controlled = ControlledIntegration.findById(integrationId);
        if (controlled != null && !controlled.deleted) {
            return new Owner(integrationId, controlled.accountId, -1);
        }
        return null;
    }
}
