package dev.tillbridge.pusher;

import static dev.tillbridge.pusher.support.PusherTestSupport.catalog;
import static dev.tillbridge.pusher.support.PusherTestSupport.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.RunState;
import dev.tillbridge.infra.TillbridgeTestResource;
import dev.tillbridge.pusher.support.PusherTestSupport;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Product runs through the running service: the POS's records go in on the real broker, the simulator plays
 * Magento (with a capacity model, so concurrency matters), and progress and log lines are read back as
 * status-api reads them.
 */
@QuarkusTest
@WithTestResource(TillbridgeTestResource.class)
class ProductRunsTest extends PusherScenarioTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration DIRECTORY_WAIT = Duration.ofSeconds(120);

    private PusherTestSupport support;
    private SimulatedStore store;

    @BeforeEach
    void setUp() {
        support = new PusherTestSupport(bootstrapServers, credentialsKey);
        store = PusherTestSupport.store(magento.simulator(), "pp", 0, null);
        // A small store: 4 PHP workers at 5 ms a save, so the pusher's concurrency matters.
        store.capacity(CapacitySettings.workers(4, Duration.ofMillis(5)));
    }

    @AfterEach
    void tearDown() {
        support.close();
    }

    private IntegrationConfigured knownIntegration() {
        return support.knownIntegration(store, directory);
    }

    @Test
    void updatesSentBeforeTheirIntegrationIsKnownWaitForItAndAreNotDropped() {
        store.seedProducts(50, "EARLY-");
        IntegrationConfigured integration = support.integration(store);
        String runId = PusherTestSupport.newRunId();
        List<ProductUpdate> run =
                catalog(integration, runId, 50, "EARLY-", p -> "Early " + p, p -> new BigDecimal(p + ".50"));
        // The POS is quicker than the integrations topic: its run is on product-updates before the integration.
        support.publishRun(integration, run);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> directory.find(integration.integrationId()).isEmpty());
        support.publish(integration);

        List<ProductProgress> progress = support.progressUntilEnded(integration.integrationId(), runId, WAIT);
        ProductProgress last = progress.get(progress.size() - 1);
        assertThat(last.state()).isEqualTo(RunState.COMPLETED);
        assertThat(last.sent()).isEqualTo(50);
        for (int position = 1; position <= 50; position++) {
            assertThat(store.productSaveCount("EARLY-" + position))
                    .as("EARLY-%d saved", position)
                    .isPositive();
        }
    }

    @Test
    void aRunOfAThousandProductsLandsWithTheLatestValuePerSkuAndCompletes() {
        store.seedProducts(900, "SKU-");
        IntegrationConfigured integration = knownIntegration();
        String runId = PusherTestSupport.newRunId();
        // 900 SKUs; the last 100 positions change SKU-1..SKU-100 again: Magento must end with those values.
        List<ProductUpdate> run = new ArrayList<>();
        Map<String, BigDecimal> latestPrice = new HashMap<>();
        for (int position = 1; position <= 1000; position++) {
            String sku = "SKU-" + (position <= 900 ? position : position - 900);
            BigDecimal price = new BigDecimal(position + ".25");
            run.add(product(integration, runId, position, 1000, sku, "Product " + sku, price));
            latestPrice.put(sku, price);
        }
        support.publishRun(integration, run);

        List<ProductProgress> progress = support.progressUntilEnded(integration.integrationId(), runId, WAIT);

        ProductProgress last = progress.get(progress.size() - 1);
        assertThat(last.state()).isEqualTo(RunState.COMPLETED);
        assertThat(last.sent()).isEqualTo(1000);
        assertThat(last.failed()).isZero();
        assertThat(last.sent() + last.failed()).isEqualTo(last.total());
        assertThat(last.restarts()).isZero();
        assertThat(progress).as("progress while running").anySatisfy(p -> {
            assertThat(p.state()).isEqualTo(RunState.RUNNING);
            assertThat(p.sent()).isBetween(1, 999);
        });
        latestPrice.forEach((sku, price) -> {
            JsonNode saved = store.latestSavedProduct(sku).orElseThrow(() -> new AssertionError(sku + " never saved"));
            assertThat(saved.path("price").decimalValue()).as(sku).isEqualByComparingTo(price);
        });
        assertThat(store.productSaves().bySku()).hasSize(900);
        assertThat(store.productSaves().latest("SKU-7").orElseThrow().storeCode())
                .isEqualTo("all");

        List<LogEntry> logs = support.logs(
                integration.integrationId(),
                found -> found.stream().anyMatch(l -> l.message().startsWith("Finished product run " + runId)),
                WAIT);
        assertThat(logs).anySatisfy(l -> {
            assertThat(l.type()).isEqualTo(LogType.INFO);
            assertThat(l.message()).isEqualTo("Started product run " + runId + ": 1,000 products to send to Magento.");
        });
        assertThat(logs)
                .filteredOn(l -> l.message().startsWith("Finished product run " + runId))
                .singleElement()
                .satisfies(l -> assertThat(l.message()).contains("1,000 of 1,000 products sent to Magento, 0 failed"));
    }

    @Test
    void fivePercentRejectedByMagentoAreCountedAsFailedWithOneReadableErrorLineEach() {
        store.seedProducts(400, "REJ-");
        IntegrationConfigured integration = knownIntegration();
        String runId = PusherTestSupport.newRunId();
        List<ProductUpdate> run = new ArrayList<>();
        List<String> rejectedSkus = new ArrayList<>();
        for (int position = 1; position <= 400; position++) {
            String sku = "REJ-" + position;
            // Every 20th product has an empty name, which Magento refuses with a 400.
            boolean bad = position % 20 == 0;
            if (bad) {
                rejectedSkus.add(sku);
            }
            run.add(product(integration, runId, position, 400, sku, bad ? "" : "Product " + sku, BigDecimal.TEN));
        }
        support.publishRun(integration, run);

        List<ProductProgress> progress = support.progressUntilEnded(integration.integrationId(), runId, WAIT);

        ProductProgress last = progress.get(progress.size() - 1);
        assertThat(last.state()).isEqualTo(RunState.COMPLETED);
        assertThat(last.failed()).isEqualTo(20);
        assertThat(last.sent()).isEqualTo(380);
        assertThat(last.restarts()).isZero();
        assertThat(last.mostFrequentError())
                .isEqualTo("The \"name\" attribute value is empty. Set the attribute and try again.");
        assertThat(progress).allSatisfy(p -> assertThat(p.runId()).isEqualTo(runId));

        List<LogEntry> errors = support
                .logs(
                        integration.integrationId(),
                        found -> found.stream()
                                                .filter(l -> l.type() == LogType.ERROR)
                                                .count()
                                        >= 20
                                && found.stream().anyMatch(l -> l.message().startsWith("Finished product run")),
                        WAIT)
                .stream()
                .filter(l -> l.type() == LogType.ERROR)
                .toList();
        assertThat(errors).hasSize(20).allSatisfy(l -> {
            assertThat(l.service()).isEqualTo(LogService.MAGENTO);
            assertThat(l.message())
                    .isEqualTo("The \"name\" attribute value is empty. Set the attribute and try again.");
        });
        assertThat(errors).extracting(LogEntry::reference).containsExactlyInAnyOrderElementsOf(rejectedSkus);
        rejectedSkus.forEach(sku -> assertThat(store.productSaveCount(sku)).isZero());
        assertThat(store.productSaves().bySku()).hasSize(380);
    }

    @Test
    void aRunWithHalfItsProductsRejectedRaisesTheRejectionsAlert() {
        store.seedProducts(200, "HALF-");
        IntegrationConfigured integration = knownIntegration();
        String runId = PusherTestSupport.newRunId();
        List<ProductUpdate> run = new ArrayList<>();
        for (int position = 1; position <= 200; position++) {
            String sku = "HALF-" + position;
            boolean bad = position % 2 == 0;
            run.add(product(integration, runId, position, 200, sku, bad ? "" : "Product " + sku, BigDecimal.TEN));
        }
        support.publishRun(integration, run);

        List<AlertChanged> alerts = support.alerts(
                integration.integrationId(),
                found -> found.stream().anyMatch(a -> a.code() == AlertCode.PRODUCT_REJECTIONS),
                WAIT);
        assertThat(alerts)
                .filteredOn(a -> a.code() == AlertCode.PRODUCT_REJECTIONS)
                .first()
                .satisfies(a ->
                        assertThat(a.message()).startsWith("Magento rejected ").contains(runId));
    }

    @Test
    void theCatalogSentAgainBeforeItsRunCompletedCountsARestartAndNeverStartsTheRunOver() {
        store.seedProducts(300, "LOOP-");
        // Slower than the POS: the first run is still going when the catalog comes again.
        store.capacity(CapacitySettings.workers(2, Duration.ofMillis(20)));
        IntegrationConfigured integration = knownIntegration();
        String first = PusherTestSupport.newRunId();
        String second = PusherTestSupport.newRunId();
        support.publishRun(integration, loopCatalog(integration, first, "1.00"));
        support.progressUntil(integration.integrationId(), p -> p.runId().equals(first) && p.sent() > 0, WAIT);

        support.publishRun(integration, loopCatalog(integration, second, "2.00"));

        List<ProductProgress> progress = support.progressUntilEnded(integration.integrationId(), second, WAIT);
        ProductProgress last = progress.get(progress.size() - 1);
        assertThat(last.runId()).isEqualTo(second);
        assertThat(last.state()).isEqualTo(RunState.COMPLETED);
        assertThat(last.restarts()).isEqualTo(1);
        assertThat(last.sent() + last.failed()).isEqualTo(300);
        assertThat(progress)
                .filteredOn(p -> p.runId().equals(first))
                .allSatisfy(p -> assertThat(p.state())
                        .as("the superseded run never shows as completed")
                        .isEqualTo(RunState.RUNNING));
        for (int i = 1; i <= 300; i++) {
            assertThat(store.latestSavedProduct("LOOP-" + i)
                            .orElseThrow()
                            .path("price")
                            .decimalValue())
                    .as("LOOP-%d ends with the second run's price", i)
                    .isEqualByComparingTo("2.00");
        }
        assertThat(support.logs(
                        integration.integrationId(),
                        found -> found.stream().anyMatch(l -> l.message().contains("restart 1")),
                        WAIT))
                .anySatisfy(l -> assertThat(l.message())
                        .isEqualTo("Started product run " + second
                                + ": 300 products to send to Magento. The POS started again before run " + first
                                + " completed (restart 1)."));
    }

    private static List<ProductUpdate> loopCatalog(IntegrationConfigured integration, String runId, String price) {
        return catalog(integration, runId, 300, "LOOP-", p -> "Loop " + p, p -> new BigDecimal(price));
    }
}
