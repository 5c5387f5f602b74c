package dev.tillbridge.pusher;

import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.infra.SimulatorExtension;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the pusher's scenario tests share: the simulator of the class, the broker and credential-key settings the
 * test's Kafka client and sealed credentials need, and the running service's integration directory.
 */
abstract class PusherScenarioTest {

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tillbridge.credentials.key")
    String credentialsKey;

    @Inject
    IntegrationDirectory directory;
}
