package dev.tillbridge.pusher;

import static dev.tillbridge.pusher.support.PusherTestSupport.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.infra.DatabaseOutage;
import dev.tillbridge.infra.TillbridgeTestResource;
import dev.tillbridge.pusher.messaging.PusherRuntime;
import dev.tillbridge.pusher.support.PusherTestSupport;
import dev.tillbridge.simulator.SimulatedStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Product updates that arrive while PostgreSQL is down (the integration directory and the run state live there)
 * wait for it and are then saved; the consumer does not stop. The chaos run found the consumer dying on the first
 * failed integration lookup, after which no product update was saved until a restart.
 */
@QuarkusTest
@WithTestResource(TillbridgeTestResource.class)
class ProductUpdatesDuringDatabaseOutageTest extends PusherScenarioTest {

    @Inject
    MeterRegistry registry;

    @Inject
    PusherRuntime runtime;

    @Test
    void productUpdatesReadWhileTheDatabaseIsDownWaitForItAndAreSavedWhenItReturns() throws Exception {
        try (PusherTestSupport support = new PusherTestSupport(bootstrapServers, credentialsKey)) {
            SimulatedStore store = PusherTestSupport.store(magento.simulator(), "pg", 20, "PG-");
            IntegrationConfigured integration = support.knownIntegration(store, directory);
            double waitsBefore = databaseWaits();
            String runId = PusherTestSupport.newRunId();

            try (DatabaseOutage outage = DatabaseOutage.ofTheApplication()) {
                support.publishRun(
                        integration,
                        catalog(integration, runId, 20, "PG-", p -> "Product " + p, p -> new BigDecimal("9.99")));
                // the intake has met the outage: it is waiting for PostgreSQL, not dead
                await().atMost(DatabaseOutage.PATIENCE).until(() -> databaseWaits() > waitsBefore);
                assertThat(runtime.alive())
                        .as("the product pusher while PostgreSQL is down")
                        .isTrue();
            }

            List<ProductProgress> progress =
                    support.progressUntilEnded(integration.integrationId(), runId, DatabaseOutage.PATIENCE);
            ProductProgress last = progress.get(progress.size() - 1);
            assertThat(last.state()).isEqualTo(RunState.COMPLETED);
            assertThat(last.sent()).isEqualTo(20);
            assertThat(last.failed()).isZero();
            assertThat(store.productSaves().bySku()).hasSize(20);
            assertThat(runtime.alive()).isTrue();
        }
    }

    private double databaseWaits() {
        return registry.counter("tillbridge.pusher.intake.database.waits").count();
    }
}
