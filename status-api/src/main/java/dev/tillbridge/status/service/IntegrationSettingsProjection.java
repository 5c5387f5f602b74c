package dev.tillbridge.status.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/**
 * The {@code integrations} topic in the status rows, as the shared IntegrationDirectory read it: name, account,
 * settings, deletion. An older revision changes nothing; a tombstone ends the incarnation (unless this control plane
 * created the id again since); a configuration of a deleted id begins a new one. The control plane writes its own
 * changes through {@link #applyConfiguration} in its transaction.
 */
@ApplicationScoped
public class IntegrationSettingsProjection {

    private final EntityManager em;
    private final Event<ReadModelChanged> changes;
    private final StatusRows rows;
    private final Incarnations incarnations;

    public IntegrationSettingsProjection(
            EntityManager em, Event<ReadModelChanged> changes, StatusRows rows, Incarnations incarnations) {
        this.em = em;
        this.changes = changes;
        this.rows = rows;
        this.incarnations = incarnations;
    }

    /** The integrations topic, as the IntegrationDirectory read it: settings shown on the Status page. */
    void integrationChanged(String integrationId, Optional<IntegrationConfigured> config) {
        if (config.isEmpty()) {
            IntegrationStatus status = rows.locked(integrationId);
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
        IntegrationStatus status = rows.ensure(integrationId, c.accountId());
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
        rows.touch(status);
    }
}
