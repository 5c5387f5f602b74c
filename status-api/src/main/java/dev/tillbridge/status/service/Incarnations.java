package dev.tillbridge.status.service;

import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;

/**
 * One integration id, several lives: an account may delete an integration and create it again with the same id
 * (never another account: {@link IntegrationAccess#heldBy}). Nothing of the deleted incarnation may show in the
 * new one. Deleting removes what the read model holds about it (logs, skipped and downloaded orders, order stories, alerts,
 * the cycle and run facts of the status row); while deleted, records about it are not applied; creating it again
 * starts a new incarnation, and records published before that instant (stragglers of the old one, read late) are
 * not applied either. The status row itself stays: it remembers the owner.
 * Alerts status-api raised itself ({@code raised_alert}) are left to the evaluator, which resolves them on the
 * topic once the integration is disabled or deleted, so the notifier hears that they ended.
 */
@ApplicationScoped
public class Incarnations {

    private static final String[] ROWS_OF_AN_INCARNATION = {
        "log_line", "skipped_order", "downloaded_order", "alert_state", "order_fact", "order_story"
    };

    private final EntityManager em;
    private final Clock clock;

    public Incarnations(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** The integration was deleted: forget what it did. In the caller's transaction, the status row locked. */
    public void end(IntegrationStatus status) {
        forget(status);
    }

    /** The id is created again by its owner: a new incarnation from now, with nothing of the old one. */
    public void begin(IntegrationStatus status) {
        forget(status);
        status.incarnationStartedAt = clock.instant();
    }

    /**
     * Whether a record about the integration belongs to its current incarnation: the integration is not deleted,
     * the record names the owning account, and it was published after the incarnation began.
     */
    public static boolean admits(IntegrationStatus status, String accountId, Instant occurredAt) {
        if (status.deleted || (accountId != null && !accountId.equals(status.accountId))) {
            return false;
        }
        return status.incarnationStartedAt == null
                || occurredAt == null
                || !occurredAt.isBefore(status.incarnationStartedAt);
    }

    private void forget(IntegrationStatus status) {
        for (String table : ROWS_OF_AN_INCARNATION) {
            em.createNativeQuery("DELETE FROM " + table + " WHERE integration_id = ?1")
                    .setParameter(1, status.integrationId)
                    .executeUpdate();
        }
        status.clearActivity();
        status.version++;
        status.updatedAt = clock.instant();
    }
}
