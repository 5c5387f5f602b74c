package dev.tillbridge.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoClientSettings;
import dev.tillbridge.magento.MagentoCredentials;
import dev.tillbridge.magento.MagentoEndpoint;
import dev.tillbridge.magento.MagentoTransport;
import dev.tillbridge.magento.OutboundGuard;
import dev.tillbridge.poller.config.PollerConfig;
import dev.tillbridge.poller.messaging.KafkaOrderPublisher;
import dev.tillbridge.poller.service.OrderPublisher;
import dev.tillbridge.poller.service.SyncCycleRunner;
import dev.tillbridge.poller.service.SyncStateRepository;
import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.SimulatorOptions;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

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

    @Inject
    SyncStateRepository repository;

    @Inject
    KafkaOrderPublisher kafka;

    @Inject
    PollerConfig config;

    @Test
    void anAlertWhoseResolveTheBrokerRefusedStaysActiveAndIsResolvedByTheNextGoodCycle() {
        try (MagentoSimulator simulator =
                MagentoSimulator.start(SimulatorOptions.defaults().port(0))) {
            SimulatedStore store = simulator.createStore(
                    StoreSpec.tenant("r" + UUID.randomUUID().toString().substring(0, 8))
                            .withBearerToken(TOKEN));
            store.seedOrders(OrderSeed.of(2));
            String id = "int-" + UUID.randomUUID().toString().substring(0, 8);
            IntegrationConfigured integration = new IntegrationConfigured(
                    id,
                    "acc-" + id,
                    "S",
                    "P",
                    new IntegrationConfigured.MagentoConnection(store.magentoBaseUrl(), "default", "v1:unused"),
                    List.of(),
                    DownloadMode.AUTO_INVOICE,
                    1,
                    null,
                    List.of(),
                    null,
                    true,
                    1);
            AtomicBoolean refuseAlerts = new AtomicBoolean();
            OrderPublisher publisher =
                    (topic, key, envelope) -> refuseAlerts.get() && topic.equals(Topics.INTEGRATION_ALERTS)
                            ? CompletableFuture.failedFuture(new IllegalStateException("the broker refused the record"))
                            : kafka.send(topic, key, envelope);
            SyncCycleRunner runner = new SyncCycleRunner(
                    repository,
                    publisher,
                    Clock.systemUTC(),
                    config.overlap(),
                    config.pageSize(),
                    config.maxBackoff(),
                    config.sweep().interval(),
                    config.sweep().span());
            var settings = MagentoClientSettings.defaults();
            MagentoClient magento = new MagentoClient(
                    MagentoTransport.open(settings, OutboundGuard.allowing("127.0.0.0/8")),
                    new MagentoEndpoint(store.magentoBaseUrl(), "default"),
                    new MagentoCredentials.Bearer(TOKEN),
                    settings,
                    Clock.systemUTC());

            Credentials good = store.credentials();
            store.revokeCredentials();
            assertThat(runner.run(integration, magento).succeeded()).isFalse();
            assertThat(repository.load(id).activeAlert()).isEqualTo(AlertCode.MAGENTO_AUTH_FAILED);

            store.credentials(good);
            refuseAlerts.set(true);
            assertThat(runner.run(integration, magento).succeeded()).isTrue();
            assertThat(repository.load(id).activeAlert())
                    .as("the resolve was refused: still active")
                    .isEqualTo(AlertCode.MAGENTO_AUTH_FAILED);

            refuseAlerts.set(false);
            assertThat(runner.run(integration, magento).succeeded()).isTrue();
            assertThat(repository.load(id).activeAlert())
                    .as("resolved once the broker took it")
                    .isNull();
        }
    }
}
