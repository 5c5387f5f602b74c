package dev.tillbridge.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.poller.config.PollerConfig;
import dev.tillbridge.poller.messaging.KafkaOrderPublisher;
import dev.tillbridge.poller.service.OrderPublisher;
import dev.tillbridge.poller.service.SyncCycleRunner;
import dev.tillbridge.poller.service.SyncStateRepository;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The poller forgets an alert only once the broker has its RESOLVED record: if the broker refuses it, the alert
 * stays active and the next good cycle resolves it again, so an alert is never left raised for its readers while
 * the poller thinks it is over. The integration is run here directly (never published, so the application's own
 * scheduler does not poll it), with the real database and broker.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class AlertResolveOrderingTest {

    private static final String TOKEN = "resolve-test-token";

    @RegisterExtension
    static final PollerTestSupport poller = new PollerTestSupport();

    @Inject
    SyncStateRepository repository;

    @Inject
    KafkaOrderPublisher kafka;

    @Inject
    PollerConfig config;

    @Test
    void anAlertWhoseResolveTheBrokerRefusedStaysActiveAndIsResolvedByTheNextGoodCycle() {
        SimulatedStore store = poller.store("r", TOKEN);
        store.seedOrders(OrderSeed.of(2));
        IntegrationConfigured integration = PollerTestSupport.unpublished("int-", store, 1);
        String id = integration.integrationId();
        AtomicBoolean refuseAlerts = new AtomicBoolean();
        OrderPublisher publisher =
                (topic, key, envelope) -> refuseAlerts.get() && topic.equals(Topics.INTEGRATION_ALERTS)
                        ? CompletableFuture.failedFuture(new IllegalStateException("the broker refused the record"))
                        : kafka.send(topic, key, envelope);
        SyncCycleRunner runner = PollerTestSupport.runner(repository, publisher, config);
        MagentoClient client = PollerTestSupport.client(store, TOKEN);

        Credentials good = store.credentials();
        store.revokeCredentials();
        assertThat(runner.run(integration, client).succeeded()).isFalse();
        assertThat(repository.load(id).activeAlert()).isEqualTo(AlertCode.MAGENTO_AUTH_FAILED);

        store.credentials(good);
        refuseAlerts.set(true);
        assertThat(runner.run(integration, client).succeeded()).isTrue();
        assertThat(repository.load(id).activeAlert())
                .as("the resolve was refused: still active")
                .isEqualTo(AlertCode.MAGENTO_AUTH_FAILED);

        refuseAlerts.set(false);
        assertThat(runner.run(integration, client).succeeded()).isTrue();
        assertThat(repository.load(id).activeAlert())
                .as("resolved once the broker took it")
                .isNull();
    }
}
