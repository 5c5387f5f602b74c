package dev.tillbridge.pusher.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.magento.MagentoClient;

/** Opens an integration's credentials and makes its Magento client (in the service: {@code MagentoClients}). */
@FunctionalInterface
public interface MagentoConnector {

    MagentoClient connect(IntegrationConfigured integration);
}
