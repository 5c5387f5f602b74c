package dev.tillbridge.simulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.NewOrderLine;
import dev.tillbridge.simulator.store.StoreView;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/magento-api.md §0 and §3: what an order looks like. */
class OrderFieldsContractTest extends SimulatorFixture {

    private JsonNode order(SimulatedStore store, int id) {
        Reply reply = client(store).get("/rest/V1/orders/" + id);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    @Test
    void newOrderOmitsTotalPaidAndTotalInvoiced() {
        SimulatedStore store = newStore();
        store.createOrder(NewOrder.inState("new"));
        JsonNode order = order(store, 1);
        assertFalse(order.has("total_paid"), order::toString);
        assertFalse(order.has("total_invoiced"), order::toString);
        assertFalse(order.has("base_total_invoiced"), order::toString);
        assertEquals("pending", order.path("status").asText());
    }

    @Test
    void orderCarriesTheFieldsTheSpecLists() {
        SimulatedStore store = newStore();
        store.createOrder(NewOrder.inState("processing")
                .withCustomerEmail("jane@example.com")
                .withLines(List.of(NewOrderLine.simple("24-MB01", 2, "34.00"))));
        JsonNode order = order(store, 1);
        assertTrue(order.path("entity_id").isInt());
        assertEquals("000000001", order.path("increment_id").asText());
        assertEquals("processing", order.path("state").asText());
        assertEquals("processing", order.path("status").asText());
        assertEquals(1, order.path("store_id").asInt());
        assertEquals("jane@example.com", order.path("customer_email").asText());
        assertEquals(78, order.path("grand_total").asInt());
        assertEquals(78, order.path("base_grand_total").asInt());
        JsonNode item = order.at("/items/0");
        for (String field : List.of(
                "item_id", "sku", "qty_ordered", "qty_invoiced", "qty_shipped", "price", "row_total", "product_type")) {
            assertTrue(item.has(field), field + " missing in " + item);
        }
        JsonNode billing = order.path("billing_address");
        for (String field :
                List.of("firstname", "lastname", "street", "city", "postcode", "country_id", "telephone", "email")) {
            assertTrue(billing.has(field), field + " missing in " + billing);
        }
        assertTrue(billing.path("street").isArray());
        assertEquals("checkmo", order.at("/payment/method").asText());
        assertEquals(78, order.at("/payment/amount_ordered").asInt());
        JsonNode assignment = order.at("/extension_attributes/shipping_assignments/0");
        assertEquals("flatrate_flatrate", assignment.at("/shipping/method").asText());
        assertEquals(10, assignment.at("/shipping/total/shipping_amount").asInt());
        assertEquals("shipping", assignment.at("/shipping/address/address_type").asText());
        assertEquals(1, assignment.path("items").size());
    }

    @Test
    void configurableChildLinesRepeatTheParentSku() {
        SimulatedStore store = newStore();
        store.createOrder(
                NewOrder.inState("new").withLines(List.of(NewOrderLine.configurable("MH01-M-Black", 1, "52"))));
        JsonNode items = order(store, 1).path("items");
        assertEquals(2, items.size());
        JsonNode parent = items.get(0);
        JsonNode child = items.get(1);
        assertEquals("configurable", parent.path("product_type").asText());
        assertEquals("MH01-M-Black", parent.path("sku").asText());
        assertEquals("MH01-M-Black", child.path("sku").asText());
        assertEquals(
                parent.path("item_id").asInt(), child.path("parent_item_id").asInt());
        assertEquals(
                parent.path("item_id").asInt(), child.at("/parent_item/item_id").asInt());
        assertFalse(parent.has("parent_item_id"));
    }

    @Test
    void valuesAreCastToTheirTypesAndMoneyHasNoTrailingZeros() {
        SimulatedStore store = newStore();
        store.createOrder(NewOrder.inState("new").withLines(List.of(NewOrderLine.simple("A", 1, "160.00"))));
        String body = client(store).get("/rest/V1/orders/1").body();
        assertTrue(body.contains("\"entity_id\":1,"), body);
        assertTrue(body.contains("\"grand_total\":165,"), body);
        assertTrue(body.contains("\"increment_id\":\"000000001\""), body);
        store.createOrder(NewOrder.inState("new").withLines(List.of(NewOrderLine.simple("B", 1, "31.39"))));
        assertTrue(client(store).get("/rest/V1/orders/2").body().contains("\"grand_total\":36.39,"));
    }

    @Test
    void eachStateStartsWithItsDefaultStatus() {
        SimulatedStore store = newStore();
        List<String> states = List.of(
                "new", "pending_payment", "processing", "complete", "closed", "canceled", "holded", "payment_review");
        List<String> statuses = List.of(
                "pending",
                "pending_payment",
                "processing",
                "complete",
                "closed",
                "canceled",
                "holded",
                "payment_review");
        states.forEach(state -> store.createOrder(NewOrder.inState(state)));
        for (int i = 0; i < states.size(); i++) {
            assertEquals(statuses.get(i), order(store, i + 1).path("status").asText());
        }
    }

    @Test
    void incrementIdsOfOtherStoreViewsArePrefixedWithTheStoreId() {
        SimulatedStore store = newStore(StoreSpec.tenant(uniqueTenant())
                .withBearerToken(TOKEN)
                .withStoreViews(StoreView.defaultView(), new StoreView("fr", 2, "French")));
        store.createOrder(NewOrder.inState("new").withStoreId(2));
        assertEquals("2000000001", order(store, 1).path("increment_id").asText());
    }

    @Test
    void unknownOrderIdIs404WithTheEntityMessage() {
        Reply reply = client(newStore()).get("/rest/V1/orders/999");
        assertEquals(404, reply.status());
        assertEquals(
                "The entity that was requested doesn't exist. Verify the entity and try again.",
                reply.json().path("message").asText());
        assertFalse(reply.json().has("parameters"));
    }
}
