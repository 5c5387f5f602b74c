package dev.tillbridge.pusher.config;

import dev.tillbridge.magento.MagentoClientSettings;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.magento.RetryPolicy;
import dev.tillbridge.pusher.service.MagentoConnector;
import dev.tillbridge.pusher.service.RunRepository;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** Wires the plain-Java pusher (which also runs outside Quarkus in the crash test and the benchmark). */
@Singleton
public class PusherBeans {

    @Produces
    @Singleton
    RunRepository runs(DataSource dataSource) {
        return new RunRepository(dataSource);
    }

    /**
     * The shared Magento client without its own retries: the pusher retries by putting the product back in
     * line, so the integration's concurrency limit and Retry-After pause decide when, and no worker sleeps
     * holding a slot of the store.
     */
    @Produces
    @Singleton
    MagentoConnector connector(MagentoClients clients) {
        MagentoClientSettings defaults = clients.settings();
        MagentoClientSettings noRetries = new MagentoClientSettings(
                defaults.connectTimeout(), defaults.requestTimeout(), RetryPolicy.NONE, RetryPolicy.NONE);
        return integration -> clients.forIntegration(integration, noRetries);
    }
}
