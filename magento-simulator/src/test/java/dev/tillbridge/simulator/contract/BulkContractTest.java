package dev.tillbridge.simulator.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/magento-api.md §6: the asynchronous bulk API and operation statuses 1–5. */
class BulkContractTest extends SimulatorFixture {

    private static final String TOPIC = "async.magento.catalog.api.productrepositoryinterface.save.post";

    private static String products(String... skus) {
        StringBuilder body = new StringBuilder("[");
        for (String sku : skus) {
            body.append(body.length() > 1 ? "," : "")
                    .append("{\"product\":{\"sku\":\"")
                    .append(sku)
                    .append("\",\"name\":\"Name ")
                    .append(sku)
                    .append("\",\"price\":9}}");
        }
        return body.append("]").toString();
    }

    private static JsonNode statusOf(MagentoTestClient client, String uuid) {
        return client.get("/rest/V1/bulk/" + uuid + "/detailed-status").json();
    }

    private static void awaitNoOpenOperation(MagentoTestClient client, String uuid) {
        await().atMost(Duration.ofMinutes(1))
                .until(() -> client.get("/rest/V1/bulk/" + uuid + "/operation-status/4")
                                .json()
                                .asInt()
                        == 0);
    }

    @Test
    void bulkPostAnswers202WithUuidAndAcceptedItems() {
        SimulatedStore store = newStore();
        Reply reply = client(store).post("/rest/async/bulk/V1/products", products("A", "B"));
        assertEquals(202, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertTrue(body.path("bulk_uuid").asText().matches("[0-9a-f-]{36}"));
        assertFalse(body.path("errors").asBoolean());
        assertEquals(2, body.path("request_items").size());
        JsonNode item = body.at("/request_items/1");
        assertEquals(1, item.path("id").asInt());
        assertEquals("accepted", item.path("status").asText());
        assertTrue(item.path("data_hash").asText().matches("[0-9a-f]{64}"));
    }

    @Test
    void operationsStayOpenUntilTheConsumerRuns() {
        SimulatedStore store = newStore().pauseBulkConsumer();
        MagentoTestClient client = client(store);
        String uuid = client.post("/rest/all/async/bulk/V1/products", products("A", "B", "C"))
                .json()
                .path("bulk_uuid")
                .asText();
        JsonNode detailed = statusOf(client, uuid);
        assertEquals(3, detailed.path("operations_list").size());
        detailed.path("operations_list").forEach(op -> {
            assertEquals(4, op.path("status").asInt());
            assertFalse(op.has("result_message"), op::toString);
        });
        assertEquals(
                3,
                client.get("/rest/V1/bulk/" + uuid + "/operation-status/4")
                        .json()
                        .asInt());
        assertEquals(0, store.productSaveCount("A"));

        store.resumeBulkConsumer();
        awaitNoOpenOperation(client, uuid);
        assertEquals(
                3,
                client.get("/rest/V1/bulk/" + uuid + "/operation-status/1")
                        .json()
                        .asInt());
        assertEquals("all", store.productSaves().latest("A").orElseThrow().storeCode());
    }

    @Test
    void completedOperationCarriesTheServiceMessageAndResult() {
        SimulatedStore store = newStore();
        MagentoTestClient client = client(store);
        String uuid = client.post("/rest/async/bulk/V1/products", products("A"))
                .json()
                .path("bulk_uuid")
                .asText();
        awaitNoOpenOperation(client, uuid);
        JsonNode op = statusOf(client, uuid).at("/operations_list/0");
        assertEquals(1, op.path("status").asInt());
        assertEquals(
                "Service execution success Magento\\Catalog\\Model\\ProductRepository\\Interceptor::save",
                op.path("result_message").asText());
        assertEquals(TOPIC, op.path("topic_name").asText());
        assertEquals(uuid, op.path("bulk_uuid").asText());
        assertTrue(op.path("serialized_data").asText().contains("\"sku\":\"A\""));
        assertTrue(op.path("result_serialized_data").asText().contains("\"sku\":\"A\""));
    }

    @Test
    void statusShowsTheBulkSummary() {
        SimulatedStore store = newStore().pauseBulkConsumer();
        MagentoTestClient client = client(store);
        String uuid = client.post("/rest/async/bulk/V1/products", products("A", "B"))
                .json()
                .path("bulk_uuid")
                .asText();
        JsonNode status = client.get("/rest/V1/bulk/" + uuid + "/status").json();
        assertEquals(uuid, status.path("bulk_id").asText());
        assertEquals("Topic " + TOPIC, status.path("description").asText());
        assertEquals(2, status.path("operation_count").asInt());
        assertEquals(1, status.path("user_type").asInt());
        assertTrue(status.has("user_id"));
        assertTrue(status.path("start_time").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));
        JsonNode op = status.at("/operations_list/0");
        assertEquals(4, op.path("status").asInt());
        assertFalse(op.has("topic_name"), "status is the short form; detailed-status has topic_name");
    }

    @Test
    void invalidProductFailsNotRetriably() {
        SimulatedStore store = newStore();
        MagentoTestClient client = client(store);
        String uuid = client.post("/rest/async/bulk/V1/products", "[{\"product\":{\"sku\":\"X\",\"price\":1}}]")
                .json()
                .path("bulk_uuid")
                .asText();
        awaitNoOpenOperation(client, uuid);
        JsonNode op = statusOf(client, uuid).at("/operations_list/0");
        assertEquals(3, op.path("status").asInt());
        assertEquals(
                "The \"name\" attribute value is empty. Set the attribute and try again.",
                op.path("result_message").asText());
    }

    @Test
    void lostLockFailsRetriably() {
        SimulatedStore store = newStore().faults(FaultRule.lockWait("CONSUMER *", 1.0, false));
        MagentoTestClient client = client(store);
        String uuid = client.post("/rest/async/bulk/V1/products", products("A"))
                .json()
                .path("bulk_uuid")
                .asText();
        awaitNoOpenOperation(client, uuid);
        assertEquals(2, statusOf(client, uuid).at("/operations_list/0/status").asInt());
    }

    @Test
    void itemWithoutAProductIsRejected() {
        SimulatedStore store = newStore();
        MagentoTestClient client = client(store);
        JsonNode body = client.post(
                        "/rest/async/bulk/V1/products",
                        "[{\"product\":{\"sku\":\"A\",\"name\":\"A\",\"price\":1}}," + "{\"nope\":1}]")
                .json();
        assertTrue(body.path("errors").asBoolean());
        assertEquals("rejected", body.at("/request_items/1/status").asText());
        assertTrue(body.at("/request_items/1").has("error_message"));
        String uuid = body.path("bulk_uuid").asText();
        assertEquals(5, statusOf(client, uuid).at("/operations_list/1/status").asInt());
    }

    @Test
    void unknownBulkUuidIs404WithANamedPlaceholder() {
        Reply reply = client(newStore()).get("/rest/V1/bulk/00000000-0000-0000-0000-000000000000/status");
        assertEquals(404, reply.status());
        assertEquals(
                "Bulk uuid %bulkUuid not exist", reply.json().path("message").asText());
        assertEquals(
                "00000000-0000-0000-0000-000000000000",
                reply.json().at("/parameters/bulkUuid").asText());
    }

    @Test
    void bulkPutBySkuUpdatesExistingProducts() {
        SimulatedStore store = newStore().seedProducts(2, "SKU-");
        MagentoTestClient client = client(store);
        Reply reply = client.put(
                "/rest/all/async/bulk/V1/products/bySku",
                "[{\"sku\":\"SKU-1\",\"product\":{\"price\":77}},{\"sku\":\"SKU-2\",\"product\":{\"price\":78}}]");
        assertEquals(202, reply.status(), reply::toString);
        awaitNoOpenOperation(client, reply.json().path("bulk_uuid").asText());
        assertEquals(77, store.product("SKU-1").orElseThrow().path("price").asInt());
        assertEquals(
                "async.magento.catalog.api.productrepositoryinterface.save.put",
                statusOf(client, reply.json().path("bulk_uuid").asText())
                        .at("/operations_list/0/topic_name")
                        .asText());
    }

    @Test
    void asyncSingleProductAnswers202() {
        SimulatedStore store = newStore();
        Reply reply = client(store)
                .post("/rest/async/V1/products", "{\"product\":{\"sku\":\"S\",\"name\":\"S\",\"price\":2}}");
        assertEquals(202, reply.status(), reply::toString);
        assertEquals(1, reply.json().path("request_items").size());
    }

    @Test
    void bulkBodyThatIsNotAnArrayIs400() {
        assertEquals(
                400,
                client(newStore())
                        .post("/rest/async/bulk/V1/products", "{\"product\":{}}")
                        .status());
    }

    @Test
    void bulkOperationsAreCounted() {
        SimulatedStore store = newStore();
        MagentoTestClient client = client(store);
        String uuid = client.post("/rest/async/bulk/V1/products", products("A", "B"))
                .json()
                .path("bulk_uuid")
                .asText();
        awaitNoOpenOperation(client, uuid);
        assertEquals(2, store.counters().bulkOperationsAccepted());
        assertEquals(2L, store.counters().bulkOperationsFinished().get(1));
        assertEquals(2, store.counters().productsSaved());
    }
}
