package dev.tillbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.support.Criteria;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admin API under /_sim, exercised over HTTP as the local stack and other services' tests use it. */
class AdminApiTest extends SimulatorFixture {

    private MagentoTestClient admin() {
        return MagentoTestClient.anonymous(sim.baseUrl() + "/_sim");
    }

    private String createStore(String extra) {
        String tenant = uniqueTenant();
        Reply reply = admin().post(
                        "/stores", "{\"tenant\":\"" + tenant + "\",\"bearer_token\":\"" + TOKEN + "\"" + extra + "}");
        assertEquals(201, reply.status(), reply::toString);
        assertEquals(
                sim.baseUrl() + "/m/" + tenant,
                reply.json().path("magento_base_url").asText());
        return tenant;
    }

    private MagentoTestClient magento(String tenant) {
        return MagentoTestClient.bearer(sim.baseUrl() + "/m/" + tenant, TOKEN);
    }

    @Test
    void aStoreCreatedOverHttpServesMagentoWithItsSettings() {
        String tenant = createStore(",\"page_past_end\":\"2.3\",\"store_views\":[{\"code\":\"default\",\"store_id\":1,"
                + "\"name\":\"Default\"},{\"code\":\"de\",\"store_id\":2,\"name\":\"DE\"}]");
        admin().post("/stores/" + tenant + "/orders/seed", "{\"count\":3}");
        Reply page = magento(tenant)
                .get("/rest/de/V1/orders"
                        + Criteria.search().pageSize(2).currentPage(9).query());
        assertEquals(1, page.json().path("items").size(), "2.3 mode returns the last page again");
        assertEquals(
                "2.3",
                admin().get("/stores/" + tenant)
                        .json()
                        .at("/settings/page_past_end")
                        .asText());
    }

    @Test
    void seedingFollowsTheRequestedMixStoresAndDates() {
        String tenant = createStore(",\"store_views\":[{\"code\":\"default\",\"store_id\":1,\"name\":\"A\"},"
                + "{\"code\":\"b\",\"store_id\":2,\"name\":\"B\"},{\"code\":\"c\",\"store_id\":3,\"name\":\"C\"}]");
        Reply seeded = admin().post(
                        "/stores/" + tenant + "/orders/seed",
                        "{\"count\":60,\"states\":{\"new\":1,"
                                + "\"complete\":1},\"store_ids\":[2,3],\"created_from\":\"2024-03-01 00:00:00\","
                                + "\"created_to\":\"2024-03-02 00:00:00\",\"seed\":5}");
        assertEquals(60, seeded.json().path("created").asInt(), seeded::toString);
        JsonNode items = magento(tenant).get(Criteria.search().orders()).json().path("items");
        Map<String, Integer> states = new HashMap<>();
        Set<Integer> storeIds = new HashSet<>();
        String previous = "";
        for (JsonNode order : items) {
            states.merge(order.path("state").asText(), 1, Integer::sum);
            storeIds.add(order.path("store_id").asInt());
            String created = order.path("created_at").asText();
            assertTrue(created.startsWith("2024-03-01"), created);
            assertTrue(created.compareTo(previous) >= 0, "created_at grows with entity_id");
            previous = created;
            if (order.path("state").asText().equals("complete")) {
                assertEquals(
                        order.path("grand_total").asText(),
                        order.path("total_invoiced").asText());
            }
        }
        assertEquals(Set.of("new", "complete"), states.keySet());
        assertTrue(states.get("new") > 15 && states.get("complete") > 15, states::toString);
        assertEquals(Set.of(2, 3), storeIds);
    }

    @Test
    void anotherExtensionCreatesChangesAndInvoicesOrders() {
        String tenant = createStore("");
        Reply created = admin().post(
                        "/stores/" + tenant + "/orders",
                        "{\"state\":\"new\",\"customer_email\":\"x@y.z\","
                                + "\"lines\":[{\"sku\":\"A\",\"qty\":2,\"price\":10}]}");
        assertEquals(201, created.status(), created::toString);
        int id = created.json().path("entity_id").asInt();
        String createdAt = created.json().path("updated_at").asText();

        admin().post("/stores/" + tenant + "/clock", "{\"advance_seconds\":3600}");
        Reply silent = admin().patch("/stores/" + tenant + "/orders/" + id, "{\"status\":\"fraud\",\"touch\":false}");
        assertEquals("fraud", silent.json().path("status").asText());
        assertEquals(createdAt, silent.json().path("updated_at").asText(), "touch=false keeps updated_at");

        Reply invoiced = admin().post("/stores/" + tenant + "/orders/" + id + "/invoice", "");
        assertEquals(200, invoiced.status(), invoiced::toString);
        assertTrue(invoiced.json().path("invoice_id").asInt() > 0);
        JsonNode order = magento(tenant).get("/rest/V1/orders/" + id).json();
        assertEquals("processing", order.path("state").asText());
        assertTrue(order.path("updated_at").asText().compareTo(createdAt) > 0);

        admin().patch("/stores/" + tenant + "/orders/" + id, "{\"state\":\"holded\"}");
        Reply refused = admin().post("/stores/" + tenant + "/orders/" + id + "/invoice", "{}");
        assertEquals(400, refused.status());
        assertTrue(refused.json().path("message").asText().startsWith("Invoice Document Validation Error(s):"));
    }

    @Test
    void lateCommitsAppearNowWithTheTimestampsOfTheirTransactionStart() {
        String tenant = createStore("");
        admin().post("/stores/" + tenant + "/clock", "{\"now\":\"2030-01-01 11:00:00\"}");
        int earlier = admin().post("/stores/" + tenant + "/orders", "{}")
                .json()
                .path("entity_id")
                .asInt();
        admin().post("/stores/" + tenant + "/clock", "{\"now\":\"2030-01-01 12:00:00\"}");

        // A checkout whose transaction started 30 minutes ago commits now: a higher id with past timestamps.
        Reply late = admin().post("/stores/" + tenant + "/orders", "{\"committed_late_from\":\"2030-01-01 11:30:00\"}");
        assertEquals(201, late.status(), late::toString);
        assertTrue(late.json().path("entity_id").asInt() > earlier);
        assertTrue(late.json().path("created_at").asText().startsWith("2030-01-01 11:30:00"), late::toString);
        assertTrue(late.json().path("updated_at").asText().startsWith("2030-01-01 11:30:00"), late::toString);

        // An update of an existing order whose transaction started 5 minutes ago.
        Reply updated = admin().patch(
                        "/stores/" + tenant + "/orders/" + earlier,
                        "{\"state\":\"processing\",\"committed_late_from\":\"2030-01-01 11:55:00\"}");
        assertEquals(200, updated.status(), updated::toString);
        JsonNode order = magento(tenant).get("/rest/V1/orders/" + earlier).json();
        assertEquals("processing", order.path("state").asText());
        assertTrue(order.path("updated_at").asText().startsWith("2030-01-01 11:55:00"), order::toString);

        Reply future =
                admin().post("/stores/" + tenant + "/orders", "{\"committed_late_from\":\"2030-01-01 13:00:00\"}");
        assertEquals(400, future.status(), "a transaction cannot start after the store's now");
    }

    @Test
    void theClockMovesEveryNewTimestamp() {
        String tenant = createStore("");
        Reply clock = admin().post("/stores/" + tenant + "/clock", "{\"now\":\"2030-01-01 12:00:00\"}");
        assertTrue(clock.json().path("now").asText().startsWith("2030-01-01 12:00"), clock::toString);
        JsonNode order = admin().post("/stores/" + tenant + "/orders", "{}").json();
        assertTrue(order.path("created_at").asText().startsWith("2030-01-01 12:00"), order::toString);
    }

    @Test
    void countersShowRequestsByRouteAndStatusAndCanBeReset() {
        String tenant = createStore("");
        magento(tenant).get("/rest/V1/orders?searchCriteria=");
        magento(tenant).get("/rest/V1/orders/999");
        magento(tenant).get("/rest/V1/nothing");
        JsonNode counters = admin().get("/stores/" + tenant + "/counters").json();
        assertEquals(1, counters.at("/requests/GET ~1V1~1orders/200").asInt(), counters::toString);
        assertEquals(1, counters.at("/requests/GET ~1V1~1orders~1{id}/404").asInt(), counters::toString);
        assertEquals(1, counters.at("/requests/UNMATCHED/404").asInt(), counters::toString);
        admin().delete("/stores/" + tenant + "/counters");
        assertEquals(
                0,
                admin().get("/stores/" + tenant + "/counters")
                        .json()
                        .path("requests")
                        .size());
    }

    @Test
    void capacityAndFaultsAreSetAsJson() {
        String tenant = createStore("");
        Reply capacity = admin().put(
                        "/stores/" + tenant + "/capacity",
                        "{\"workers\":3,\"queue_limit\":5,"
                                + "\"service_times\":{\"request_ms\":20,\"list_per_row_ms\":1},\"retry_after_seconds\":2}");
        assertEquals(3, capacity.json().path("workers").asInt(), capacity::toString);
        assertEquals(20, capacity.json().at("/service_times/request_ms").asInt());
        Reply faults = admin().put(
                        "/stores/" + tenant + "/faults",
                        "{\"seed\":1,\"rules\":[{\"route\":\"GET /V1/orders\","
                                + "\"kind\":\"error\",\"status\":503,\"rate\":1}]}");
        assertEquals("error", faults.json().at("/rules/0/kind").asText(), faults::toString);
        assertEquals(503, magento(tenant).get("/rest/V1/orders?searchCriteria=").status());
        admin().delete("/stores/" + tenant + "/faults");
        assertEquals(200, magento(tenant).get("/rest/V1/orders?searchCriteria=").status());
    }

    @Test
    void settingsCredentialsProductsAndTheConsumerAreControlled() {
        String tenant = createStore("");
        assertEquals(
                true,
                admin().patch("/stores/" + tenant + "/settings", "{\"input_limits\":true}")
                        .json()
                        .path("input_limits")
                        .asBoolean());
        admin().post("/stores/" + tenant + "/products", "{\"count\":3,\"sku_prefix\":\"P-\"}");
        assertEquals(200, magento(tenant).get("/rest/V1/products/P-2").status());
        magento(tenant).put("/rest/all/V1/products/P-2", "{\"product\":{\"price\":5}}");
        JsonNode saves = admin().get("/stores/" + tenant + "/product-saves").json();
        assertEquals(1, saves.path("total_saves").asInt());
        assertEquals(5, saves.at("/by_sku/P-2/latest/product/price").asInt(), saves::toString);
        assertEquals(
                false,
                admin().put("/stores/" + tenant + "/bulk-consumer", "{\"running\":false}")
                        .json()
                        .path("running")
                        .asBoolean());
        admin().post("/stores/" + tenant + "/credentials/revoke", "");
        assertEquals(401, magento(tenant).get("/rest/V1/products/P-2").status());
        admin().put("/stores/" + tenant + "/credentials", "{\"bearer_token\":\"new\"}");
        assertEquals(
                200,
                MagentoTestClient.bearer(sim.baseUrl() + "/m/" + tenant, "new")
                        .get("/rest/V1/products/P-2")
                        .status());
    }

    @Test
    void routesAreListedWithTheirKeys() {
        JsonNode routes = admin().get("/routes").json();
        Set<String> keys = new HashSet<>();
        routes.forEach(r -> keys.add(r.path("route").asText()));
        assertTrue(
                keys.containsAll(Set.of(
                        "GET /V1/orders",
                        "POST /V1/order/{orderId}/invoice",
                        "POST /async/bulk/V1/products",
                        "CONSUMER async.operations.all")),
                keys::toString);
    }

    @Test
    void badRequestsToTheAdminApiSayWhy() {
        assertEquals(404, admin().get("/stores/nobody").status());
        assertEquals(404, admin().get("/nothing").status());
        Reply bad = admin().post("/stores", "{\"tenant\":\"no spaces allowed\"}");
        assertEquals(400, bad.status());
        assertTrue(bad.json().path("error").asText().contains("tenant"), bad::toString);
        String tenant = createStore("");
        assertEquals(
                400, admin().post("/stores", "{\"tenant\":\"" + tenant + "\"}").status());
        assertEquals(
                400,
                admin().post("/stores/" + tenant + "/orders/seed", "{\"count\":1,\"states\":{\"bogus\":1}}")
                        .status());
        assertEquals(200, admin().get("/health").status());
    }
}
