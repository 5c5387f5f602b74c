package dev.tillbridge.filter;

import static dev.tillbridge.filter.FilterTestSupport.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention against the real broker and database: orders go through, retention time moves 91 days, the ledger
 * entries and the invoiced_order rows are gone (and the size metrics say so), and then a newer Magento version of
 * a forgotten, released order is not released a second time: it is skipped as PAST_RETENTION, with its advice,
 * which works (a re-download releases it). An order newer than the forgotten ones is still released as usual.
 */
@QuarkusTest
@TestProfile(RetentionTest.MovedRetention.class)
class RetentionTest {

    private static final Logger LOG = Logger.getLogger(RetentionTest.class);
    private static final Duration WAIT = Duration.ofSeconds(45);

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    public static class MovedRetention implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(MovableRetentionClock.class);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FilterTestResource.class));
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tillbridge.credentials.key")
    String credentialsKey;

    @Inject
    MovableRetentionClock retentionClock;

    @Inject
    DataSource dataSource;

    @Test
    void forgottenOrdersArePrunedAndANewerVersionOfAReleasedOneIsNotReleasedAgain() {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> RestAssured.given().get("/q/health/ready").then().statusCode(200));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            var support = new FilterTestSupport(kafka, credentialsKey);
            SimulatedStore autoStore = store();
            SimulatedStore waitStore = store();
            var auto = support.publishIntegration(autoStore, DownloadMode.AUTO_INVOICE);
            var wait = support.publishIntegration(waitStore, DownloadMode.WAIT_FOR_INVOICE);
            List<Order> unpaid = seed(autoStore, "new", 0.0);
            List<Order> paid = seed(waitStore, "processing", 1.0);
            unpaid.forEach(o -> support.observe(auto, autoStore, o.entityId()));
            paid.forEach(o -> support.observe(wait, waitStore, o.entityId()));

            assertThat(support.read(Topics.FILTERED_ORDERS, auto.integrationId(), 2, WAIT))
                    .hasSize(2);
            assertThat(support.read(Topics.FILTERED_ORDERS, wait.integrationId(), 2, WAIT))
                    .hasSize(2);
            await("the Auto-Invoice orders invoiced").atMost(WAIT).until(() -> invoicedRows(auto) == 2);
            await("the ledger measured").atMost(WAIT).until(() -> entries("orders") >= 4);
            // The table's gauge is refreshed by each sweep: read it once it counts this test's rows.
            await("invoiced_order measured with its rows").atMost(WAIT).until(() -> entries("invoiced_order") >= 2);
            double ordersBefore = entries("orders");
            double invoicedBefore = entries("invoiced_order");

            retentionClock.advance(Duration.ofDays(91));

            await("the ledger forgotten")
                    .atMost(WAIT)
                    .until(() -> pruned("orders") >= 4 && entries("orders") < ordersBefore);
            await("invoiced_order rows deleted").atMost(WAIT).until(() -> invoicedRows(auto) == 0);
            await("invoiced_order measured").atMost(WAIT).until(() -> entries("invoiced_order") < invoicedBefore);
            LOG.infof(
                    "Retention: orders store %.0f -> %.0f entries (%.0f pruned), invoiced_order %.0f -> %.0f rows",
                    ordersBefore, entries("orders"), pruned("orders"), invoicedBefore, entries("invoiced_order"));

            // Magento changes a released, forgotten order: by the Download Mode alone it would be released again.
            Order comeBack = paid.get(0);
            waitStore.touchOrder(comeBack.entityId());
            support.observe(wait, waitStore, comeBack.entityId());

            OrderSkipped skip = payload(
                    support.read(Topics.SKIPPED_ORDERS, wait.integrationId(), 1, WAIT)
                            .get(0),
                    OrderSkipped.class);
            assertThat(skip.entityId()).isEqualTo(comeBack.entityId());
            assertThat(skip.reason()).isEqualTo(SkipReason.PAST_RETENTION);
            assertThat(skip.finalDecision()).isTrue();
            assertThat(skip.sentence()).contains("may have reached the POS before");
            assertThat(skip.advice()).isEqualTo("If this order has never reached the POS and should, re-download it.");
            // The skip and any release of the same order commit in one transaction: what is there now is all there is.
            assertThat(kafka.readAll(Topics.FILTERED_ORDERS, FilterTestSupport.forIntegration(wait.integrationId())))
                    .as("released once, before it was forgotten")
                    .hasSize(2);

            // An order created after every forgotten one is not affected.
            int freshId = waitStore
                    .seedOrders(OrderSeed.of(1)
                            .withStates(Map.of("processing", 1))
                            .withInvoicedFraction(1.0)
                            .withCreatedBetween(Instant.now().minusSeconds(60), Instant.now()))
                    .firstEntityId();
            Order fresh = waitStore.order(freshId).orElseThrow();
            support.observe(wait, waitStore, fresh.entityId());
            // The advice works: a re-download releases the skipped order.
            kafka.sendEvent(
                    Topics.RAW_ORDERS,
                    Topics.orderKey(wait.integrationId(), comeBack.entityId()),
                    EventEnvelope.of(
                            wait.accountId(),
                            wait.integrationId(),
                            new RedownloadRequested(wait.integrationId(), comeBack.entityId(), "ops@example.test"),
                            Clock.systemUTC()));

            List<ConsumerRecord<String, String>> released =
                    support.read(Topics.FILTERED_ORDERS, wait.integrationId(), 4, WAIT);
            assertThat(released)
                    .extracting(r -> payload(r, OrderReleased.class))
                    .extracting(r -> r.order().entityId() + (r.redownload() ? " again" : " first"))
                    .containsExactlyInAnyOrder(
                            paid.get(0).entityId() + " first",
                            paid.get(1).entityId() + " first",
                            fresh.entityId() + " first",
                            comeBack.entityId() + " again");
        }
    }

    private static SimulatedStore store() {
        return magento.createStore(
                StoreSpec.tenant("s" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(FilterTestSupport.TOKEN));
    }

    private static List<Order> seed(SimulatedStore store, String state, double invoiced) {
        store.seedOrders(OrderSeed.of(2)
                .withStates(Map.of(state, 1))
                .withInvoicedFraction(invoiced)
                .withCreatedBetween(FilterTestSupport.daysAgo(2), FilterTestSupport.daysAgo(1)));
        return store.orders();
    }

    private int invoicedRows(IntegrationConfigured integration) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM invoiced_order WHERE integration_id = ?")) {
            ps.setString(1, integration.integrationId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static double entries(String store) {
        return metric("tillbridge_filter_store_entries", store);
    }

    private static double pruned(String store) {
        return metric("tillbridge_filter_pruned_total", store);
    }

    private static double metric(String name, String store) {
        String text = RestAssured.given().get("/q/metrics").asString();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*store=\"" + store + "\"[^}]*\\} (\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
