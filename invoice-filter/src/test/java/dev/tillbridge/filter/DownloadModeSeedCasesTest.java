package dev.tillbridge.filter;

import static dev.tillbridge.filter.FilterTestSupport.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The seed's two Order Download Mode cases, through the real broker with the running service, against
 * the simulator: what the poller would publish goes in on raw-orders, and filtered-orders, skipped-orders
 * and integration-alerts are read back as the POS and status-api would.
 */
@QuarkusTest
@WithTestResource(FilterTestResource.class)
class DownloadModeSeedCasesTest extends FilterScenarioTest {

    @Inject
    MagentoClients magento;

    private List<Order> seed(int count, String state, double invoicedFraction) {
        store.seedOrders(OrderSeed.of(count).withStates(Map.of(state, 1)).withInvoicedFraction(invoicedFraction));
        return store.orders();
    }

    @Test
    void autoInvoiceWithOrdersInvoicedByAnotherExtensionSkipsThemAndRaisesTheMismatchAlert() {
        var integration = support.publishIntegration(store, DownloadMode.AUTO_INVOICE);
        List<Order> invoicedElsewhere = seed(6, "processing", 1.0);
        invoicedElsewhere.forEach(o -> support.observe(integration, store, o.entityId()));

        var skipped = support.read(Topics.SKIPPED_ORDERS, integration.integrationId(), 6, WAIT);
        assertThat(skipped).hasSize(6).allSatisfy(r -> {
            OrderSkipped skip = payload(r, OrderSkipped.class);
            assertThat(skip.reason()).isEqualTo(SkipReason.ALREADY_INVOICED);
            assertThat(skip.finalDecision()).isTrue();
            assertThat(skip.advice()).contains("switch the integration to Wait-For-Invoice");
        });
        var alerts = support.read(Topics.INTEGRATION_ALERTS, integration.integrationId(), 1, WAIT);
        assertThat(alerts).first().satisfies(r -> {
            AlertChanged alert = payload(r, AlertChanged.class);
            assertThat(alert.code()).isEqualTo(AlertCode.DOWNLOAD_MODE_MISMATCH);
            assertThat(alert.state()).isEqualTo(AlertState.RAISED);
            assertThat(alert.message())
                    .contains("skipped in the last 24 hours because Magento had already invoiced them");
        });
        assertThat(support.readSettled(Topics.FILTERED_ORDERS, integration.integrationId()))
                .isEmpty();
    }

    @Test
    void autoInvoiceReleasesAnUnpaidOrderOnceAndInvoicesItInMagento() {
        var integration = support.publishIntegration(store, DownloadMode.AUTO_INVOICE);
        Order order = seed(1, "new", 0.0).get(0);
        support.observe(integration, store, order.entityId());

        var released = support.read(Topics.FILTERED_ORDERS, integration.integrationId(), 1, WAIT);
        assertThat(released).hasSize(1);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                store.order(order.entityId()).orElseThrow().state())
                        .isEqualTo("processing"));

        // The next poll sees the order again, now invoiced by us: it must not be released a second time.
        support.observe(integration, store, order.entityId());
        support.observe(integration, store, order.entityId());
        assertThat(support.readSettled(Topics.FILTERED_ORDERS, integration.integrationId()))
                .hasSize(1);
        assertThat(support.readSettled(Topics.SKIPPED_ORDERS, integration.integrationId()))
                .isEmpty();
        assertThat(store.invoices())
                .filteredOn(i -> i.orderId() == order.entityId())
                .hasSize(1);
        // The outcome is a log line naming the order and the invoice, which status-api's order story shows.
        var outcome = kafka.readUntil(
                Topics.INTEGRATION_LOGS,
                FilterTestSupport.forIntegration(integration.integrationId()),
                found -> found.stream().anyMatch(r -> payload(r, LogEntry.class).invoice() != null),
                WAIT);
        assertThat(outcome)
                .extracting(r -> payload(r, LogEntry.class))
                .filteredOn(l -> l.invoice() != null)
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.entityId()).isEqualTo((long) order.entityId());
                    assertThat(line.invoice().outcome()).isEqualTo(LogEntry.InvoiceResult.Outcome.CREATED);
                    assertThat(line.invoice().invoiceId()).isEqualTo((long) store.invoices().stream()
                            .filter(i -> i.orderId() == order.entityId())
                            .findFirst()
                            .orElseThrow()
                            .entityId());
                    assertThat(line.message()).startsWith("Invoiced order " + order.incrementId());
                });

        // The invoicer keeps the integration's client (its opened credentials) only while the integration exists.
        assertThat(magento.keepsClientOf(integration.integrationId())).isTrue();
        kafka.send(Topics.INTEGRATIONS, integration.integrationId(), null);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(magento.keepsClientOf(integration.integrationId()))
                        .as("the deleted integration's client is let go")
                        .isFalse());
    }

    @Test
    void waitForInvoiceSkipsUninvoicedOrdersThenDownloadsThemOnceInvoiced() {
        var integration = support.publishIntegration(store, DownloadMode.WAIT_FOR_INVOICE);
        List<Order> unpaid = seed(3, "new", 0.0);
        unpaid.forEach(o -> support.observe(integration, store, o.entityId()));

        var skipped = support.read(Topics.SKIPPED_ORDERS, integration.integrationId(), 3, WAIT);
        assertThat(skipped)
                .extracting(r -> payload(r, OrderSkipped.class).reason())
                .containsOnly(SkipReason.AWAITING_INVOICE);
        assertThat(skipped)
                .allSatisfy(r -> assertThat(payload(r, OrderSkipped.class).finalDecision())
                        .isFalse());

        // Re-observed without change: no new skip record. Then Magento invoices them.
        unpaid.forEach(o -> support.observe(integration, store, o.entityId()));
        unpaid.forEach(o -> store.invoiceOrder(o.entityId()));
        unpaid.forEach(o -> support.observe(integration, store, o.entityId()));

        List<ConsumerRecord<String, String>> released =
                support.read(Topics.FILTERED_ORDERS, integration.integrationId(), 3, WAIT);
        assertThat(released)
                .extracting(r -> payload(r, OrderReleased.class).order().entityId())
                .containsExactlyInAnyOrderElementsOf(
                        unpaid.stream().map(o -> (long) o.entityId()).toList());
        assertThat(released)
                .allSatisfy(
                        r -> assertThat(payload(r, OrderReleased.class).order().baseTotalInvoiced())
                                .isPositive());
        assertThat(support.readSettled(Topics.SKIPPED_ORDERS, integration.integrationId()))
                .hasSize(3);
        assertThat(support.readSettled(Topics.FILTERED_ORDERS, integration.integrationId()))
                .hasSize(3);
    }

    @Test
    void anOrderAwaitingItsInvoiceForMoreThanADayRaisesTheMismatchAlert() {
        var integration = support.publishIntegration(store, DownloadMode.WAIT_FOR_INVOICE);
        store.seedOrders(OrderSeed.of(1)
                .withStates(Map.of("new", 1))
                .withInvoicedFraction(0)
                .withCreatedBetween(FilterTestSupport.daysAgo(3), FilterTestSupport.daysAgo(2)));
        support.observe(integration, store, store.orders().get(0).entityId());

        var alerts = support.read(Topics.INTEGRATION_ALERTS, integration.integrationId(), 1, WAIT);
        assertThat(alerts)
                .first()
                .satisfies(r -> assertThat(payload(r, AlertChanged.class).message())
                        .isEqualTo("1 order has waited more than 24 hours for an invoice in Magento."));
    }

    @Test
    void aRedownloadReleasesTheOrderAgainAndIsLogged() {
        var integration = support.publishIntegration(store, DownloadMode.WAIT_FOR_INVOICE);
        Order order = seed(1, "processing", 1.0).get(0);
        support.observe(integration, store, order.entityId());
        support.read(Topics.FILTERED_ORDERS, integration.integrationId(), 1, WAIT);

        kafka.sendEvent(
                Topics.RAW_ORDERS,
                Topics.orderKey(integration.integrationId(), order.entityId()),
                EventEnvelope.of(
                        integration.accountId(),
                        integration.integrationId(),
                        new RedownloadRequested(integration.integrationId(), order.entityId(), "ops@example.test"),
                        Clock.systemUTC()));

        var released = support.read(Topics.FILTERED_ORDERS, integration.integrationId(), 2, WAIT);
        assertThat(released)
                .extracting(r -> payload(r, OrderReleased.class).redownload())
                .containsExactly(false, true);
        var logs = support.read(Topics.INTEGRATION_LOGS, integration.integrationId(), 1, WAIT);
        assertThat(logs).extracting(r -> payload(r, LogEntry.class)).anySatisfy(line -> {
            assertThat(line.message()).contains("downloaded again at the request of ops@example.test");
            assertThat(line.entityId()).as("the order's story finds the line").isEqualTo((long) order.entityId());
        });
    }

    @Test
    void aRedownloadOfAnOrderNeverSeenIsAnErrorLineAboutThatOrder() {
        var integration = support.publishIntegration(store, DownloadMode.WAIT_FOR_INVOICE);
        long neverSeen = 987_654;
        kafka.sendEvent(
                Topics.RAW_ORDERS,
                Topics.orderKey(integration.integrationId(), neverSeen),
                EventEnvelope.of(
                        integration.accountId(),
                        integration.integrationId(),
                        new RedownloadRequested(integration.integrationId(), neverSeen, "ops@example.test"),
                        Clock.systemUTC()));

        var logs = support.read(Topics.INTEGRATION_LOGS, integration.integrationId(), 1, WAIT);
        assertThat(logs).extracting(r -> payload(r, LogEntry.class)).anySatisfy(line -> {
            assertThat(line.type()).isEqualTo(LogType.ERROR);
            assertThat(line.message())
                    .startsWith("Cannot download order " + neverSeen + " again: Tillbridge has not seen it");
            assertThat(line.entityId()).as("the order's story finds the line").isEqualTo(neverSeen);
        });
        assertThat(support.readSettled(Topics.FILTERED_ORDERS, integration.integrationId()))
                .isEmpty();
    }

    @Test
    void aRedownloadRequestDeliveredTwiceReleasesTheOrderOnce() {
        var integration = support.publishIntegration(store, DownloadMode.WAIT_FOR_INVOICE);
        Order order = seed(1, "processing", 1.0).get(0);
        support.observe(integration, store, order.entityId());
        support.read(Topics.FILTERED_ORDERS, integration.integrationId(), 1, WAIT);
        String key = Topics.orderKey(integration.integrationId(), order.entityId());
        var request = EventEnvelope.of(
                integration.accountId(),
                integration.integrationId(),
                new RedownloadRequested(integration.integrationId(), order.entityId(), "ops@example.test"),
                Clock.systemUTC());

        // status-api's outbox relay published the request, crashed before forgetting it, and published it again.
        kafka.sendEvent(Topics.RAW_ORDERS, key, request);
        kafka.sendEvent(Topics.RAW_ORDERS, key, request);
        // Then a second, separate request: decided after the repeat (same key, same partition).
        kafka.sendEvent(
                Topics.RAW_ORDERS,
                key,
                EventEnvelope.of(
                        integration.accountId(),
                        integration.integrationId(),
                        new RedownloadRequested(integration.integrationId(), order.entityId(), "other@example.test"),
                        Clock.systemUTC()));

        // A release and its log line commit together (exactly-once): once the second request's line is readable,
        // everything decided before it is too.
        var logs = kafka.readUntil(
                Topics.INTEGRATION_LOGS,
                FilterTestSupport.forIntegration(integration.integrationId()),
                found -> found.stream()
                        .anyMatch(r -> payload(r, LogEntry.class).message().contains("other@example.test")),
                WAIT);
        assertThat(logs)
                .extracting(r -> payload(r, LogEntry.class).message())
                .filteredOn(m -> m.contains("downloaded again"))
                .hasSize(2);
        var released =
                kafka.readAll(Topics.FILTERED_ORDERS, FilterTestSupport.forIntegration(integration.integrationId()));
        assertThat(released)
                .extracting(r -> payload(r, OrderReleased.class).redownload())
                .containsExactly(false, true, true);
    }

    @Test
    void aMalformedRawOrderGoesToTheDeadLetterTopicAndOrdersKeepFlowing() {
        var integration = support.publishIntegration(store, DownloadMode.WAIT_FOR_INVOICE);
        String badKey = integration.integrationId() + ":999";
        kafka.send(Topics.RAW_ORDERS, badKey, "<html>not an order</html>");
        Order order = seed(1, "processing", 1.0).get(0);
        support.observe(integration, store, order.entityId());

        assertThat(kafka.readUntil(
                        Topics.deadLetter(Topics.RAW_ORDERS),
                        r -> badKey.equals(r.key()),
                        found -> !found.isEmpty(),
                        WAIT))
                .hasSize(1);
        assertThat(support.read(Topics.FILTERED_ORDERS, integration.integrationId(), 1, WAIT))
                .hasSize(1);
    }
}
