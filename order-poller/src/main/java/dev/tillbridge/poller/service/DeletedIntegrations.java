package dev.tillbridge.poller.service;

import dev.tillbridge.events.integration.IntegrationChanged;
import dev.tillbridge.magento.MagentoClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The tombstone of an integration is the end of its incarnation: the watermark, the overlap versions, the
 * orders recorded for the sweep and the remembered alert go, so the same id created again (status-api lets
 * only the account that held it do that) starts from its start date. A failure here fails the directory's
 * record, which is retried and notified again (IntegrationDirectory). The Magento client kept for it, with its
 * opened credentials, goes too.
 */
@ApplicationScoped
public class DeletedIntegrations {

    private static final Logger LOG = Logger.getLogger(DeletedIntegrations.class);

    private final SyncGenerations generations;
    private final MagentoClients magento;

    public DeletedIntegrations(SyncGenerations generations, MagentoClients magento) {
        this.generations = generations;
        this.magento = magento;
    }

    void onChange(@Observes IntegrationChanged change) {
        if (change.config().isEmpty()) {
            generations.forget(change.integrationId());
            magento.forget(change.integrationId());
            LOG.infof("Integration %s deleted: its sync state is forgotten", change.integrationId());
        }
    }
}
