package dev.tillbridge.status.messaging;

import dev.tillbridge.events.integration.IntegrationChanged;
import dev.tillbridge.status.service.ReadModelProjector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The {@code integrations} topic is read by the shared IntegrationDirectory (revision-checked, so a repeat
 * changes nothing); each change it makes is copied into the status row: name, account, settings, deletion.
 */
@ApplicationScoped
public class IntegrationProjection {

    private final ReadModelProjector projector;

    public IntegrationProjection(ReadModelProjector projector) {
        this.projector = projector;
    }

    void onChange(@Observes IntegrationChanged change) {
        projector.integrationChanged(change.integrationId(), change.config());
    }
}
