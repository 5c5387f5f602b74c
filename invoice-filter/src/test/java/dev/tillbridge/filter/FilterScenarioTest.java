package dev.tillbridge.filter;

import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.simulator.SimulatedStore;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The set-up of the filter's scenario tests: the running service on the real broker, once it is ready, the
 * simulator of the class, and a fresh store and Kafka client for each test.
 */
abstract class FilterScenarioTest {

    static final Duration WAIT = Duration.ofSeconds(45);

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tillbridge.credentials.key")
    String credentialsKey;

    KafkaTestClient kafka;
    FilterTestSupport support;
    SimulatedStore store;

    @BeforeEach
    void setUp() {
        kafka = new KafkaTestClient(bootstrapServers);
        support = FilterTestSupport.whenReady(kafka, credentialsKey);
        store = FilterTestSupport.newStore(magento);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }
}
