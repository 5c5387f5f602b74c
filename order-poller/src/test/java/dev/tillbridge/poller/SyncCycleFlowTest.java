package dev.tillbridge.poller;

import static dev.tillbridge.poller.PollerTestSupport.of;
import static dev.tillbridge.poller.PollerTestSupport.payload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.TestIntegrations;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The running poller against the simulator, through the real broker: orders reach raw-orders, each cycle
 * is recorded, and a misbehaving Magento gives readable Error lines and an alert that is resolved by the
 * next good cycle, with no order lost.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class SyncCycleFlowTest {

    static final String TOKEN = "poller-test-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PollerTestSupport poller = new PollerTestSupport();

    private SimulatedStore store;

    @BeforeEach
    void setUp() {
        store = poller.store("p", TOKEN);
    }

    private Set<Long> entityIdsOnRawOrders(IntegrationConfigured integration, int atLeast) {
        return poller
                .kafka()
                .readUntil(
                        Topics.RAW_ORDERS,
                        of(integration),
                        found -> found.stream()
                                        .map(r -> payload(r, OrderObserved.class)
                                                .order()
                                                .entityId())
                                        .distinct()
                                        .count()
                                >= atLeast,
                        WAIT)
                .stream()
                .map(r -> payload(r, OrderObserved.class).order().entityId())
                .collect(Collectors.toSet());
    }

    private List<ConsumerRecord<String, String>> waitFor(
            String topic, IntegrationConfigured integration, Predicate<ConsumerRecord<String, String>> matching) {
        return poller.kafka().readUntil(topic, of(integration).and(matching), found -> !found.isEmpty(), WAIT);
    }

    /** New orders placed now, as checkout does (seeded orders carry past dates). */
    private void placeOrders(int count) {
        for (int i = 0; i < count; i++) {
            store.createOrder(NewOrder.inState("new"));
        }
    }

    @Test
    void ordersAreDownloadedToRawOrdersAndTheCycleIsRecorded() {
        store.seedOrders(OrderSeed.of(130));
        var integration = poller.publish(store, TOKEN, DownloadMode.AUTO_INVOICE, 1);

        assertThat(entityIdsOnRawOrders(integration, 130)).hasSize(130);
        var ended = waitFor(
                Topics.SYNC_CYCLES,
                integration,
                r -> r.value().contains(SyncCycle.ENDED_TYPE)
                        && payload(r, SyncCycle.class).ordersSeen() > 0);
        assertThat(ended).first().satisfies(r -> {
            SyncCycle cycle = payload(r, SyncCycle.class);
            assertThat(cycle.outcome()).isEqualTo(SyncCycle.Outcome.SUCCEEDED);
            assertThat(cycle.ordersPublished()).isEqualTo(130);
            assertThat(cycle.magentoNewestUpdatedAt()).isEqualTo(cycle.windowTo());
            assertThat(cycle.pages()).isGreaterThanOrEqualTo(2);
        });
        var info = waitFor(
                Topics.INTEGRATION_LOGS,
                integration,
                r -> payload(r, LogEntry.class).type() == LogType.INFO);
        assertThat(payload(info.get(0), LogEntry.class).message()).isEqualTo("Downloaded 130 orders updated ever.");
    }

    @Test
    void aRevokedTokenIsAReadableErrorAndAnAlertResolvedByTheNextGoodCycle() {
        store.seedOrders(OrderSeed.of(5));
        var integration = poller.publish(store, TOKEN, DownloadMode.AUTO_INVOICE, 1);
        entityIdsOnRawOrders(integration, 5);
        Credentials good = store.credentials();

        store.revokeCredentials();
        var error = waitFor(
                Topics.INTEGRATION_LOGS,
                integration,
                r -> payload(r, LogEntry.class).type() == LogType.ERROR);
        assertThat(payload(error.get(0), LogEntry.class).message())
                .isEqualTo(
                        "Could not download orders: The consumer isn't authorized to access Magento_Sales::actions_view.");
        var raised = waitFor(
                Topics.INTEGRATION_ALERTS,
                integration,
                r -> payload(r, AlertChanged.class).state() == AlertState.RAISED);
        assertThat(payload(raised.get(0), AlertChanged.class).code()).isEqualTo(AlertCode.MAGENTO_AUTH_FAILED);

        // Orders placed during the outage are not lost: they arrive once the token works again.
        placeOrders(4);
        store.credentials(good);
        var resolved = waitFor(
                Topics.INTEGRATION_ALERTS,
                integration,
                r -> payload(r, AlertChanged.class).state() == AlertState.RESOLVED);
        assertThat(payload(resolved.get(0), AlertChanged.class).code()).isEqualTo(AlertCode.MAGENTO_AUTH_FAILED);
        assertThat(entityIdsOnRawOrders(integration, 9))
                .containsAll(
                        store.orders().stream().map(o -> (long) o.entityId()).toList());
    }

    @Test
    void unavailableAndHtmlAnswersAreReadableAndNoOrderIsLost() {
        var integration = poller.publish(store, TOKEN, DownloadMode.WAIT_FOR_INVOICE, 1);
        store.faults(FaultRule.error("GET /V1/orders", 503, 1.0).times(6));
        store.seedOrders(OrderSeed.of(10));
        var unavailable = waitFor(
                Topics.INTEGRATION_ALERTS,
                integration,
                r -> payload(r, AlertChanged.class).code() == AlertCode.MAGENTO_UNREACHABLE);
        assertThat(payload(unavailable.get(0), AlertChanged.class).state()).isEqualTo(AlertState.RAISED);
        waitFor(
                Topics.INTEGRATION_ALERTS,
                integration,
                r -> payload(r, AlertChanged.class).state() == AlertState.RESOLVED);

        store.faults(FaultRule.htmlPage("GET /V1/orders", 502, 1.0).times(3));
        placeOrders(10);
        var html = waitFor(
                Topics.INTEGRATION_LOGS,
                integration,
                r -> payload(r, LogEntry.class).message().contains("HTTP 502"));
        assertThat(payload(html.get(0), LogEntry.class).message())
                .isEqualTo(
                        "Could not download orders: Magento answered GET /V1/orders with HTTP 502 (an HTML error page).");

        List<Order> all = store.orders();
        assertThat(entityIdsOnRawOrders(integration, all.size()))
                .containsAll(all.stream().map(o -> (long) o.entityId()).toList());
    }

    @Test
    void credentialsSealedWithAnotherKeyAreATillbridgeAlertBackedOffAndResolvedOnceResealed() {
        store.seedOrders(OrderSeed.of(3));
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        var sealedElsewhere =
                new TestIntegrations(poller.kafka(), Base64.getEncoder().encodeToString(otherKey));
        var integration = sealedElsewhere.publish(store.magentoBaseUrl(), TOKEN, DownloadMode.AUTO_INVOICE, 1);

        var error = waitFor(
                Topics.INTEGRATION_LOGS,
                integration,
                r -> payload(r, LogEntry.class).type() == LogType.ERROR);
        LogEntry line = payload(error.get(0), LogEntry.class);
        assertThat(line.service()).isEqualTo(LogService.TILLBRIDGE);
        assertThat(line.message())
                .isEqualTo(
                        "Could not download orders: Tillbridge cannot open the stored Magento "
                                + "credentials of this integration. Enter the Magento access token again in the integration settings.");
        var raised = waitFor(
                Topics.INTEGRATION_ALERTS,
                integration,
                r -> payload(r, AlertChanged.class).state() == AlertState.RAISED);
        assertThat(payload(raised.get(0), AlertChanged.class).code()).isEqualTo(AlertCode.CREDENTIALS_UNREADABLE);
        assertThat(store.counters().requestsTo("GET /V1/orders"))
                .as("Magento is not asked with credentials Tillbridge cannot open")
                .isZero();

        // Backed off like any failure: the third failed cycle comes at least two intervals after the second.
        List<Instant> failedAt = poller
                .kafka()
                .readUntil(
                        Topics.SYNC_CYCLES,
                        of(integration).and(r -> r.value().contains(SyncCycle.ENDED_TYPE)),
                        found -> found.size() >= 3,
                        WAIT)
                .stream()
                .map(r -> EventJson.decode(r.value(), SyncCycle.class).occurredAt())
                .sorted()
                .toList();
        assertThat(Duration.between(failedAt.get(1), failedAt.get(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        // The token entered again: sealed with this process's key.
        poller.publishRevision(
                integration,
                new IntegrationConfigured.MagentoConnection(
                        store.magentoBaseUrl(), "default", poller.seal(integration.integrationId(), TOKEN)),
                integration.revision() + 1);
        var resolved = waitFor(
                Topics.INTEGRATION_ALERTS,
                integration,
                r -> payload(r, AlertChanged.class).state() == AlertState.RESOLVED);
        assertThat(payload(resolved.get(0), AlertChanged.class).code()).isEqualTo(AlertCode.CREDENTIALS_UNREADABLE);
        assertThat(entityIdsOnRawOrders(integration, 3)).hasSize(3);
    }

    @Test
    void anAddressOutsideThePublicInternetIsRefusedBeforeConnectingWithItsOwnAlertResolvedByANewBaseUrl() {
        store.seedOrders(OrderSeed.of(2));
        // A cluster-internal name, as a tenant might set through an old client or a DNS answer that changed: the
        // guard refuses it by its suffix, before any lookup or connection.
        String internal = "http://magento.tillbridge.svc:8080/m/shop";
        var integration = poller.publish(internal, TOKEN, DownloadMode.AUTO_INVOICE, 1);

        var error = waitFor(
                Topics.INTEGRATION_LOGS,
                integration,
                r -> payload(r, LogEntry.class).type() == LogType.ERROR);
        assertThat(payload(error.get(0), LogEntry.class).message())
                .startsWith(
                        "Could not download orders: Tillbridge did not connect to Magento at magento.tillbridge.svc");
        var raised = waitFor(
                Topics.INTEGRATION_ALERTS,
                integration,
                r -> payload(r, AlertChanged.class).state() == AlertState.RAISED);
        AlertChanged alert = payload(raised.get(0), AlertChanged.class);
        assertThat(alert.code()).isEqualTo(AlertCode.MAGENTO_ADDRESS_REFUSED);
        assertThat(alert.code().advice()).contains("base URL");

        poller.publishRevision(
                integration,
                new IntegrationConfigured.MagentoConnection(
                        store.magentoBaseUrl(), "default", integration.magento().sealedCredentials()),
                integration.revision() + 1);
        var resolved = waitFor(
                Topics.INTEGRATION_ALERTS,
                integration,
                r -> payload(r, AlertChanged.class).state() == AlertState.RESOLVED);
        assertThat(payload(resolved.get(0), AlertChanged.class).code()).isEqualTo(AlertCode.MAGENTO_ADDRESS_REFUSED);
        assertThat(payload(resolved.get(0), AlertChanged.class).message())
                .isEqualTo("Tillbridge connects to the store's address again; orders are downloading.");
        assertThat(entityIdsOnRawOrders(integration, 2)).hasSize(2);
    }
}
