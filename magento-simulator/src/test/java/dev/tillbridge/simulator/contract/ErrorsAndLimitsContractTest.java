package dev.tillbridge.simulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.support.Criteria;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import org.junit.jupiter.api.Test;

/** docs/magento-api.md §7: error codes and bodies, unknown routes, input limits. */
class ErrorsAndLimitsContractTest extends SimulatorFixture {

    private static final String NO_ROUTE = "Request does not match any route.";

    private static void assertNoRoute(Reply reply) {
        assertEquals(404, reply.status(), reply::toString);
        assertEquals(NO_ROUTE, reply.json().path("message").asText());
    }

    @Test
    void unknownRouteIs404RequestDoesNotMatchAnyRoute() {
        assertNoRoute(client(newStore()).get("/rest/V1/nothing/here"));
    }

    @Test
    void knownPathWithAnotherMethodIs404NoRoute() {
        assertNoRoute(client(newStore()).send("DELETE", "/rest/V1/orders/1", null));
    }

    @Test
    void unknownStoreCodeMatchesNoRoute() {
        assertNoRoute(client(newStore()).get("/rest/xx/V1/orders?searchCriteria="));
    }

    @Test
    void unknownTenantMatchesNoRoute() {
        assertNoRoute(
                MagentoTestClient.bearer(sim.baseUrl() + "/m/nobody", TOKEN).get("/rest/V1/orders?searchCriteria="));
    }

    @Test
    void errorBodiesKeepPlaceholdersAndOmitEmptyParameters() {
        SimulatedStore store = newStore();
        Reply notFound = client(store).get("/rest/V1/orders/77");
        assertFalse(notFound.json().has("parameters"), notFound::toString);
        assertFalse(notFound.json().has("trace"));
        assertFalse(notFound.json().has("code"));
        Reply named = client(store).get("/rest/V1/orders");
        assertTrue(named.json().path("message").asText().contains("%fieldName"));
        assertTrue(named.json().path("parameters").isObject());
        Reply positional =
                client(store.seedProducts(1, "S")).put("/rest/V1/products/S1", "{\"product\":{\"name\":\" \"}}");
        assertTrue(positional.json().path("message").asText().contains("%1"));
        assertTrue(positional.json().path("parameters").isArray());
    }

    @Test
    void internalErrorIsMaskedWithAReportId() {
        SimulatedStore store = newStore().faults(FaultRule.error("GET /V1/orders", 500, 1.0));
        Reply reply = client(store).get("/rest/V1/orders?searchCriteria=");
        assertEquals(500, reply.status());
        assertTrue(reply.json()
                .path("message")
                .asText()
                .matches("Internal Error\\. Details are available in Magento log file\\. Report ID: webapi-[0-9a-f]+"));
    }

    @Test
    void responsesAreJsonInUtf8() {
        assertEquals(
                "application/json; charset=utf-8",
                client(newStore()).get("/rest/V1/orders/1").contentType());
    }

    @Test
    void unparsableJsonBodyIs400DecodingError() {
        SimulatedStore store = newStore().seedProducts(1, "S");
        Reply reply = client(store).put("/rest/V1/products/S1", "{\"product\":");
        assertEquals(400, reply.status());
        assertEquals("Decoding error.", reply.json().path("message").asText());
    }

    @Test
    void withoutInputLimitsAnyPageSizeIsServed() {
        SimulatedStore store = newStore();
        store.seedOrders(301);
        assertEquals(
                301,
                client(store)
                        .get(Criteria.search().pageSize(1000).orders())
                        .json()
                        .path("items")
                        .size());
    }

    @Test
    void withInputLimitsAPageSizeAbove300Is400() {
        SimulatedStore store =
                newStore(StoreSpec.tenant(uniqueTenant()).withBearerToken(TOKEN).withInputLimits(true));
        Reply reply = client(store).get(Criteria.search().pageSize(301).orders());
        assertEquals(400, reply.status());
        assertEquals(
                "Maximum SearchCriteria pageSize is %max",
                reply.json().path("message").asText());
        assertEquals(300, reply.json().at("/parameters/max").asInt());
    }

    @Test
    void withInputLimitsAMissingPageSizeMeansTwenty() {
        SimulatedStore store = newStore().inputLimits(true);
        store.seedOrders(25);
        Reply reply = client(store).get(Criteria.search().orders());
        assertEquals(20, reply.json().path("items").size());
        assertEquals(25, reply.json().path("total_count").asInt());
    }

    @Test
    void withInputLimitsAListLongerThanTwentyIs400() {
        SimulatedStore store = newStore().inputLimits(true);
        Order order = store.createOrder(NewOrder.inState("new"));
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"order_item_id\":")
                    .append(1000 + i)
                    .append(",\"qty\":1}");
        }
        Reply reply =
                client(store).post("/rest/V1/order/" + order.entityId() + "/invoice", "{\"items\":[" + items + "]}");
        assertEquals(400, reply.status());
        assertEquals(
                "Maximum items of type \"%type\" is %max",
                reply.json().path("message").asText());
        assertEquals(20, reply.json().at("/parameters/max").asInt());
    }
}
