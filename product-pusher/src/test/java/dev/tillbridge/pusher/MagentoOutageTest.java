package dev.tillbridge.pusher;

import static dev.tillbridge.pusher.support.PusherTestSupport.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.infra.TillbridgeTestResource;
import dev.tillbridge.pusher.support.PusherTestSupport;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.fault.FaultRule;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A store that answers 503 to every product save for 30 s: the pusher pauses (doubling, honouring
 * Retry-After), so the store sees a handful of probes instead of a flood; it raises MAGENTO_UNREACHABLE,
 * resolves it when the store answers again, and completes the run without losing or failing a product.
 */
@QuarkusTest
@WithTestResource(TillbridgeTestResource.class)
class MagentoOutageTest extends PusherScenarioTest {

    private static final String PRODUCT_SAVE = "PUT /V1/products/{sku}";
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void aStoreAnswering503For30SecondsIsProbedSparinglyAlertedAndTheRunStillCompletes() throws Exception {
        try (PusherTestSupport support = new PusherTestSupport(bootstrapServers, credentialsKey)) {
            SimulatedStore store = PusherTestSupport.store(magento.simulator(), "out", 200, "OUT-");
            IntegrationConfigured integration = support.knownIntegration(store, directory);

            store.faults(FaultRule.error("PUT /V1/products/*", 503, 1.0).withRetryAfter(1));
            String runId = PusherTestSupport.newRunId();
            support.publishRun(
                    integration,
                    catalog(integration, runId, 200, "OUT-", p -> "Product " + p, p -> new BigDecimal("19.99")));
            await().atMost(Duration.ofMinutes(2)).until(() -> store.counters().requestsTo(PRODUCT_SAVE, 503) > 0);
            long outageStarted = System.nanoTime();
            long firstWindow = store.counters().requestsTo(PRODUCT_SAVE, 503);
            // The pusher keeps probing while the store is down (waited for, however slow the machine is) ...
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> store.counters().requestsTo(PRODUCT_SAVE, 503) >= firstWindow + 2);
            // ... and the outage lasts at least 30 s: how long the store is down is the test's choice, not a guess.
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - outageStarted) / 1_000_000));
            long refusedDuringOutage = store.counters().requestsTo(PRODUCT_SAVE, 503);
            // Read before the store is back: from then on the pusher saves, as it should.
            long savedDuringOutage = store.productSaves().totalSaves();
            store.clearFaults();
            double outageSeconds = (System.nanoTime() - outageStarted) / 1e9;

            // Without back-off the pusher would have sent thousands; with it: the first window, then a probe per
            // pause (1 s, 2 s, 4 s, then the 5 s maximum of the test profile): at most 20 in 30 s, and at most one
            // more per 5 s when a loaded machine made the outage longer. A slow machine only probes less.
            long allowed = 20 + (long) Math.max(0, (outageSeconds - OUTAGE.toSeconds()) / 5);
            assertThat(refusedDuringOutage)
                    .as("saves refused in %.0f s of outage", outageSeconds)
                    .isLessThanOrEqualTo(allowed);
            assertThat(savedDuringOutage)
                    .as("saves accepted while every save answered 503")
                    .isZero();

            List<ProductProgress> progress =
                    support.progressUntilEnded(integration.integrationId(), runId, Duration.ofSeconds(60));
            ProductProgress last = progress.get(progress.size() - 1);
            assertThat(last.state()).isEqualTo(RunState.COMPLETED);
            assertThat(last.sent()).isEqualTo(200);
            assertThat(last.failed()).isZero();
            assertThat(store.productSaves().bySku()).hasSize(200);

            List<AlertChanged> alerts = support.alerts(
                    integration.integrationId(),
                    found -> found.stream().anyMatch(a -> a.state() == AlertState.RESOLVED),
                    Duration.ofSeconds(30));
            assertThat(alerts).extracting(AlertChanged::code).containsOnly(AlertCode.MAGENTO_UNREACHABLE);
            assertThat(alerts.get(0).state()).isEqualTo(AlertState.RAISED);
            assertThat(alerts.get(0).message()).contains("503");
            assertThat(alerts.get(alerts.size() - 1).state()).isEqualTo(AlertState.RESOLVED);
            assertThat(alerts.get(alerts.size() - 1).occurrences()).isGreaterThanOrEqualTo(1);
        }
    }
}
