package dev.tillbridge.simulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.NewOrderLine;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.support.Criteria;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/magento-api.md §4: invoices, and §3's state change on invoicing. */
class InvoiceContractTest extends SimulatorFixture {

    private static final String PREFIX = "Invoice Document Validation Error(s):\n";

    private static Order twoLineOrder(SimulatedStore store, String state) {
        return store.createOrder(NewOrder.inState(state)
                .withLines(List.of(
                        NewOrderLine.simple("24-MB01", 2, "30"), NewOrderLine.configurable("MH01-M-Black", 1, "50"))));
    }

    @Test
    void invoicingANewOrderMovesItToProcessingAndSetsTotals() {
        SimulatedStore store = newStore();
        Order placed = twoLineOrder(store, "new");
        store.advanceClock(Duration.ofMinutes(5));
        Reply reply = client(store).post("/rest/V1/order/" + placed.entityId() + "/invoice", "{\"capture\":true}");
        assertEquals(200, reply.status(), reply::toString);
        JsonNode order =
                client(store).get("/rest/V1/orders/" + placed.entityId()).json();
        assertEquals("processing", order.path("state").asText());
        assertEquals("processing", order.path("status").asText());
        assertEquals(125, order.path("total_invoiced").asInt());
        assertEquals(125, order.path("base_total_invoiced").asInt());
        assertEquals(125, order.path("total_paid").asInt());
        assertNotEquals(
                order.path("created_at").asText(), order.path("updated_at").asText());
        assertEquals(2, order.at("/items/0/qty_invoiced").asInt());
    }

    @Test
    void invoiceIdIsReturnedAsABareScalar() {
        SimulatedStore store = newStore();
        Order placed = twoLineOrder(store, "new");
        Reply reply = client(store).post("/rest/V1/order/" + placed.entityId() + "/invoice", "{}");
        assertTrue(reply.body().matches("\"?\\d+\"?"), reply::toString);
        assertEquals(1, reply.json().asInt());
    }

    @Test
    void invoiceIsListedByOrderIdAndReadableById() {
        SimulatedStore store = newStore();
        twoLineOrder(store, "new");
        Order second = twoLineOrder(store, "new");
        int invoiceId = client(store)
                .post("/rest/V1/order/" + second.entityId() + "/invoice", "{}")
                .json()
                .asInt();
        Reply list = client(store)
                .get(Criteria.search()
                        .filter(0, "order_id", String.valueOf(second.entityId()), "eq")
                        .invoices());
        assertEquals(1, list.json().path("total_count").asInt(), list::toString);
        JsonNode invoice = client(store).get("/rest/V1/invoices/" + invoiceId).json();
        assertEquals(invoiceId, invoice.path("entity_id").asInt());
        assertEquals(second.entityId(), invoice.path("order_id").asInt());
        assertEquals("000000001", invoice.path("increment_id").asText());
        assertEquals(2, invoice.path("state").asInt());
        assertEquals(125, invoice.path("grand_total").asInt());
        assertTrue(invoice.has("created_at"));
        JsonNode line = invoice.at("/items/0");
        assertEquals("24-MB01", line.path("sku").asText());
        assertEquals(2, line.path("qty").asInt());
        assertEquals(30, line.path("price").asInt());
        assertTrue(line.has("order_item_id"));
    }

    @Test
    void invoicingAnUnknownOrderIs404() {
        Reply reply = client(newStore()).post("/rest/V1/order/42/invoice", "{}");
        assertEquals(404, reply.status());
        assertEquals(
                "The entity that was requested doesn't exist. Verify the entity and try again.",
                reply.json().path("message").asText());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"payment_review", "holded", "canceled", "complete", "closed"})
    void invoicingAnOrderInABlockedStateIs400NamingItsStatus(String state) {
        SimulatedStore store = newStore();
        Order order = twoLineOrder(store, state);
        Reply reply = client(store).post("/rest/V1/order/" + order.entityId() + "/invoice", "{}");
        assertEquals(400, reply.status());
        String message = reply.json().path("message").asText();
        assertTrue(
                message.startsWith(PREFIX + "An invoice cannot be created when an order has a status of " + state),
                message);
    }

    @Test
    void invoicingAFullyInvoicedOrderIs400NothingLeft() {
        SimulatedStore store = newStore();
        Order order = store.createOrder(NewOrder.inState("processing").withInvoiced(true));
        Reply reply = client(store).post("/rest/V1/order/" + order.entityId() + "/invoice", "{}");
        assertEquals(400, reply.status());
        assertEquals(
                PREFIX + "The order does not allow an invoice to be created.\n"
                        + "You can't create an invoice without products.",
                reply.json().path("message").asText());
    }

    @Test
    void invoicingMoreThanIsLeftIs400NamingTheSku() {
        SimulatedStore store = newStore();
        Order order = twoLineOrder(store, "new");
        int itemId = order.items().get(0).itemId();
        Reply reply = client(store)
                .post(
                        "/rest/V1/order/" + order.entityId() + "/invoice",
                        "{\"items\":[{\"order_item_id\":" + itemId + ",\"qty\":3}]}");
        assertEquals(400, reply.status());
        assertEquals(
                PREFIX + "The quantity to invoice must not be greater than the uninvoiced quantity for product SKU "
                        + "\"24-MB01\".",
                reply.json().path("message").asText());
    }

    @Test
    void invoicingAnItemOfAnotherOrderIs400() {
        SimulatedStore store = newStore();
        Order order = twoLineOrder(store, "new");
        Reply reply = client(store)
                .post(
                        "/rest/V1/order/" + order.entityId() + "/invoice",
                        "{\"items\":[{\"order_item_id\":9999,\"qty\":1}]}");
        assertEquals(400, reply.status());
        assertTrue(
                reply.json()
                        .path("message")
                        .asText()
                        .startsWith(PREFIX
                                + "The invoice contains one or more items that are not part of the original order."),
                reply::toString);
    }

    @Test
    void invoicingZeroQuantitiesIs400WithoutProducts() {
        SimulatedStore store = newStore();
        Order order = twoLineOrder(store, "new");
        Reply reply = client(store)
                .post(
                        "/rest/V1/order/" + order.entityId() + "/invoice",
                        "{\"items\":[{\"order_item_id\":" + order.items().get(0).itemId() + ",\"qty\":0}]}");
        assertEquals(
                PREFIX + "You can't create an invoice without products.",
                reply.json().path("message").asText());
    }

    @Test
    void partialInvoicesAddUpToTheGrandTotal() {
        SimulatedStore store = newStore();
        Order order = twoLineOrder(store, "new");
        MagentoTestClient client = client(store);
        Reply first = client.post(
                "/rest/V1/order/" + order.entityId() + "/invoice",
                "{\"items\":[{\"order_item_id\":" + order.items().get(0).itemId() + ",\"qty\":1}]}");
        assertEquals(200, first.status(), first::toString);
        JsonNode afterFirst = client.get("/rest/V1/orders/" + order.entityId()).json();
        assertEquals("processing", afterFirst.path("state").asText());
        assertEquals(45, afterFirst.path("total_invoiced").asInt());
        assertEquals(
                200,
                client.post("/rest/V1/order/" + order.entityId() + "/invoice", "{}")
                        .status());
        JsonNode afterRest = client.get("/rest/V1/orders/" + order.entityId()).json();
        assertEquals(125, afterRest.path("total_invoiced").asInt());
        assertEquals(0, afterRest.path("total_due").asInt());
    }

    @Test
    void concurrentInvoiceCallsOnOneOrderCreateExactlyOneInvoice() throws Exception {
        SimulatedStore store = newStore();
        Order order = twoLineOrder(store, "new");
        MagentoTestClient client = client(store);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> client.post("/rest/V1/order/" + order.entityId() + "/invoice", "{}")
                        .status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses::toString);
            assertEquals(7, statuses.stream().filter(s -> s == 400).count(), statuses::toString);
            assertEquals(1, store.invoices().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pendingPaymentOrderCanBeInvoicedAndMovesToProcessing() {
        SimulatedStore store = newStore();
        Order order = twoLineOrder(store, "pending_payment");
        assertEquals(
                200,
                client(store)
                        .post("/rest/V1/order/" + order.entityId() + "/invoice", "{}")
                        .status());
        assertEquals("processing", store.order(order.entityId()).orElseThrow().state());
    }

    @Test
    void invoicingAShippedOrderCompletesIt() {
        SimulatedStore store = newStore();
        Order order =
                store.createOrder(new NewOrder("processing", null, null, null, null, null, null, null, false, true));
        assertEquals(
                200,
                client(store)
                        .post("/rest/V1/order/" + order.entityId() + "/invoice", "{}")
                        .status());
        assertEquals("complete", store.order(order.entityId()).orElseThrow().state());
    }
}
