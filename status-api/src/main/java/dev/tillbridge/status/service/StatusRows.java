package dev.tillbridge.status.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;

/**
 * The read model's status rows ({@code integration_status}, one per integration): created by the first record about an
 * integration and locked by every change, so the records of several topics about one integration are applied one
 * after the other, and the incarnation rule ({@link Incarnations#admits}) says which records still belong to it.
 */
@ApplicationScoped
public class StatusRows {

    private final EntityManager em;
    private final Clock clock;

    public StatusRows(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** The locked status row when the record belongs to the integration's current incarnation, else null. */
    IntegrationStatus admitted(String integrationId, EventEnvelope<?> envelope) {
        IntegrationStatus status = ensure(integrationId, envelope.accountId());
        return Incarnations.admits(status, envelope.accountId(), envelope.occurredAt()) ? status : null;
    }

    /**
     * The integration's status row, created if it is the first record about it, and locked: records of
     * several topics about one integration are applied one after the other.
     */
    public IntegrationStatus ensure(String integrationId, String accountId) {
        IntegrationStatus held = locked(integrationId);
        if (held != null) {
            return held;
        }
        em.createNativeQuery("""
                        INSERT INTO integration_status (integration_id, account_id, enabled, updated_at)
                        VALUES (?1, ?2, TRUE, ?3) ON CONFLICT (integration_id) DO NOTHING
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, accountId)
                .setParameter(3, clock.instant())
                .executeUpdate();
        return locked(integrationId);
    }

    IntegrationStatus locked(String integrationId) {
        return em.find(IntegrationStatus.class, integrationId, LockModeType.PESSIMISTIC_WRITE);
    }

    void touch(IntegrationStatus status) {
        status.version++;
        status.updatedAt = clock.instant();
    }
}
