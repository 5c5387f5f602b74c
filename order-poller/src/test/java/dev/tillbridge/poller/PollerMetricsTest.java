package dev.tillbridge.poller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The poller's domain metrics on its real {@code /q/metrics}: cycles by outcome from the sync-cycles end records,
 * Magento calls by route template and status class, and the fleet gauges read from PostgreSQL (a store that keeps
 * failing counts as stalled once 3 sync intervals passed). No series carries an integration id.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class PollerMetricsTest {

    private static final String TOKEN = "metrics-test-token";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final PollerTestSupport poller = new PollerTestSupport();

    @Test
    void cyclesMagentoCallsAndStalledIntegrationsShowWithoutIntegrationIds() {
        double succeededBefore = value("tillbridge_poller_cycles_total{outcome=\"SUCCEEDED\"}");
        double failedBefore = value("tillbridge_poller_cycles_total{outcome=\"FAILED\"}");
        double failingCallsBefore =
                value("tillbridge_magento_calls_seconds_count{route=\"GET /V1/orders\",status_class=\"5xx\"}");
        double stalledBefore = value("tillbridge_poller_integrations_stalled");

        SimulatedStore healthy = poller.store("h", TOKEN);
        healthy.seedOrders(OrderSeed.of(5));
        SimulatedStore broken = poller.store("b", TOKEN);
        broken.faults(FaultRule.error("GET /V1/orders", 503, 1.0));
        String healthyId =
                poller.publish(healthy, TOKEN, DownloadMode.AUTO_INVOICE, 1).integrationId();
        String brokenId =
                poller.publish(broken, TOKEN, DownloadMode.AUTO_INVOICE, 1).integrationId();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(value("tillbridge_poller_cycles_total{outcome=\"SUCCEEDED\"}"))
                    .isGreaterThan(succeededBefore);
            assertThat(value("tillbridge_poller_cycles_total{outcome=\"FAILED\"}"))
                    .isGreaterThan(failedBefore);
            assertThat(value("tillbridge_magento_calls_seconds_count{route=\"GET /V1/orders\",status_class=\"5xx\"}"))
                    .isGreaterThan(failingCallsBefore);
            assertThat(value("tillbridge_magento_calls_seconds_count{route=\"GET /V1/orders\",status_class=\"2xx\"}"))
                    .isPositive();
            assertThat(value("tillbridge_poller_orders_published_total")).isGreaterThanOrEqualTo(5);
            assertThat(value("tillbridge_poller_cycle_duration_seconds_count")).isPositive();
            assertThat(value("tillbridge_poller_integrations_enabled")).isGreaterThanOrEqualTo(2);
            assertThat(value("tillbridge_poller_last_success_age_seconds{stat=\"max\"}"))
                    .isPositive();
        });
        // The broken store has never had a good cycle: stalled once 3 sync intervals (and the test's stalled-after)
        // passed.
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(value("tillbridge_poller_integrations_stalled"))
                        .isGreaterThan(stalledBefore));

        String metrics = metrics();
        assertThat(metrics).doesNotContain(healthyId).doesNotContain(brokenId).doesNotContain("integration=\"");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series (name with its labels exactly as exposed, in Micrometer's label order), or 0. */
    private static double value(String series) {
        String wanted = series;
        for (String line : metrics().split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space > 0 && sameSeries(line.substring(0, space), wanted)) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        return 0;
    }

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** Same name and same labels, whatever their order. */
    private static boolean sameSeries(String exposed, String wanted) {
        String name = wanted.contains("{") ? wanted.substring(0, wanted.indexOf('{')) : wanted;
        String exposedName = exposed.contains("{") ? exposed.substring(0, exposed.indexOf('{')) : exposed;
        return name.equals(exposedName) && labels(exposed).equals(labels(wanted));
    }

    private static Map<String, String> labels(String series) {
        Map<String, String> labels = new TreeMap<>();
        Matcher matcher = LABEL.matcher(series);
        while (matcher.find()) {
            labels.put(matcher.group(1), matcher.group(2));
        }
        return labels;
    }
}
