package dev.tillbridge.simulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.store.ProductSaveLog.ProductSave;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/magento-api.md §5: product saves and stock. */
class ProductContractTest extends SimulatorFixture {

    private static final String ATTRIBUTE_EMPTY =
            "The \"%1\" attribute value is empty. Set the attribute and try again.";

    private SimulatedStore storeWithProducts() {
        return newStore().seedProducts(3, "SKU-");
    }

    @Test
    void putUpdatesTheGivenFieldsAndReturnsTheWholeProduct() {
        SimulatedStore store = storeWithProducts();
        Reply reply = client(store)
                .put(
                        "/rest/all/V1/products/SKU-1",
                        "{\"product\":{\"price\":19.99,\"extension_attributes\":{\"stock_item\":{\"qty\":7,\"is_in_stock\":true}}},"
                                + "\"saveOptions\":true}");
        assertEquals(200, reply.status(), reply::toString);
        JsonNode product = reply.json();
        assertEquals("SKU-1", product.path("sku").asText());
        assertEquals("Product SKU-1", product.path("name").asText());
        assertEquals(19.99, product.path("price").asDouble());
        assertEquals(4, product.path("attribute_set_id").asInt());
        assertEquals("simple", product.path("type_id").asText());
        assertEquals(1, product.path("status").asInt());
        assertEquals(4, product.path("visibility").asInt());
        assertEquals(7, product.at("/extension_attributes/stock_item/qty").asInt());
        assertTrue(product.at("/extension_attributes/website_ids").isArray());
        assertTrue(product.path("custom_attributes").isArray());
    }

    @Test
    void postCreatesAProduct() {
        SimulatedStore store = newStore();
        Reply reply = client(store)
                .post(
                        "/rest/V1/products",
                        "{\"product\":{\"sku\":\"NEW-1\",\"name\":\"New\",\"price\":5,\"attribute_set_id\":4,\"type_id\":\"simple\"}}");
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.json().path("id").asInt() > 0);
        assertEquals(
                "New",
                client(store).get("/rest/V1/products/NEW-1").json().path("name").asText());
    }

    @Test
    void getOfAnUnknownSkuIs404WithTheProductMessage() {
        Reply reply = client(newStore()).get("/rest/V1/products/NOPE");
        assertEquals(404, reply.status());
        assertEquals(
                "The product that was requested doesn't exist. Verify the product and try again.",
                reply.json().path("message").asText());
    }

    @Test
    void putOfAnUnknownSkuIs404ByDefault() {
        Reply reply =
                client(newStore()).put("/rest/all/V1/products/NOPE", "{\"product\":{\"name\":\"X\",\"price\":1}}");
        assertEquals(404, reply.status());
        assertEquals(
                "The product that was requested doesn't exist. Verify the product and try again.",
                reply.json().path("message").asText());
    }

    @Test
    void putOfAnUnknownSkuCreatesItWhenTheStoreBehavesLikeProductRepositorySave() {
        SimulatedStore store = newStore().putCreatesUnknownSku(true);
        Reply reply = client(store).put("/rest/all/V1/products/NEW-2", "{\"product\":{\"name\":\"X\",\"price\":1}}");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("NEW-2", reply.json().path("sku").asText());
    }

    @Test
    void emptyNameIs400WithThePlaceholderAndAListParameter() {
        Reply reply = client(storeWithProducts()).put("/rest/all/V1/products/SKU-1", "{\"product\":{\"name\":\"\"}}");
        assertEquals(400, reply.status());
        assertEquals(ATTRIBUTE_EMPTY, reply.json().path("message").asText());
        assertTrue(reply.json().path("parameters").isArray());
        assertEquals("name", reply.json().at("/parameters/0").asText());
    }

    @Test
    void creatingWithoutAPriceIs400NamingPrice() {
        Reply reply = client(newStore()).post("/rest/V1/products", "{\"product\":{\"sku\":\"P\",\"name\":\"P\"}}");
        assertEquals(400, reply.status());
        assertEquals(ATTRIBUTE_EMPTY, reply.json().path("message").asText());
        assertEquals("price", reply.json().at("/parameters/0").asText());
    }

    @Test
    void bodyWithoutProductIs400FieldRequired() {
        Reply reply = client(storeWithProducts()).put("/rest/all/V1/products/SKU-1", "{\"price\":3}");
        assertEquals(400, reply.status());
        assertEquals(
                "\"%fieldName\" is required. Enter and try again.",
                reply.json().path("message").asText());
        assertEquals("product", reply.json().at("/parameters/fieldName").asText());
    }

    @Test
    void savesAreCountedPerSkuWithLatestValuesAndStoreCode() {
        SimulatedStore store = storeWithProducts();
        MagentoTestClient client = client(store);
        client.put("/rest/all/V1/products/SKU-2", "{\"product\":{\"price\":11}}");
        client.put("/rest/V1/products/SKU-2", "{\"product\":{\"price\":12}}");
        assertEquals(2, store.productSaveCount("SKU-2"));
        assertEquals(0, store.productSaveCount("SKU-3"));
        ProductSave latest = store.productSaves().latest("SKU-2").orElseThrow();
        assertEquals(12, latest.request().path("price").asInt());
        assertEquals(12, latest.product().path("price").asInt());
        assertEquals("default", latest.storeCode());
        assertEquals(2, store.counters().productsSaved());
    }

    @Test
    void skusAreCaseInsensitive() {
        SimulatedStore store = storeWithProducts();
        assertEquals(
                "SKU-1",
                client(store).get("/rest/V1/products/sku-1").json().path("sku").asText());
    }

    @Test
    void customAttributesMergeByAttributeCode() {
        SimulatedStore store = storeWithProducts();
        MagentoTestClient client = client(store);
        client.put(
                "/rest/all/V1/products/SKU-1",
                "{\"product\":{\"custom_attributes\":["
                        + "{\"attribute_code\":\"description\",\"value\":\"one\"},{\"attribute_code\":\"color\",\"value\":\"red\"}]}}");
        JsonNode product = client.put(
                        "/rest/all/V1/products/SKU-1",
                        "{\"product\":{\"custom_attributes\":["
                                + "{\"attribute_code\":\"description\",\"value\":\"two\"}]}}")
                .json();
        assertEquals(2, product.path("custom_attributes").size());
        assertEquals("two", product.at("/custom_attributes/0/value").asText());
        assertEquals("red", product.at("/custom_attributes/1/value").asText());
    }

    @Test
    void legacyStockUpdateChangesQuantityButNotUpdatedAt() {
        SimulatedStore store = storeWithProducts();
        MagentoTestClient client = client(store);
        String updatedAt = client.put("/rest/all/V1/products/SKU-1", "{\"product\":{\"price\":10}}")
                .json()
                .path("updated_at")
                .asText();
        store.advanceClock(Duration.ofHours(1));
        int itemId =
                client.get("/rest/V1/stockItems/SKU-1").json().path("item_id").asInt();
        Reply reply = client.put(
                "/rest/V1/products/SKU-1/stockItems/" + itemId, "{\"stockItem\":{\"qty\":10,\"is_in_stock\":true}}");
        assertEquals(itemId, reply.json().asInt(), reply::toString);
        JsonNode product = client.get("/rest/V1/products/SKU-1").json();
        assertEquals(10, product.at("/extension_attributes/stock_item/qty").asInt());
        assertEquals(updatedAt, product.path("updated_at").asText());
    }

    @Test
    void sourceItemsAssignmentAnswersAnEmptyArray() {
        SimulatedStore store = storeWithProducts();
        Reply reply = client(store)
                .post(
                        "/rest/V1/inventory/source-items",
                        "{\"sourceItems\":[{\"sku\":\"SKU-3\",\"source_code\":\"default\",\"quantity\":4,\"status\":1}]}");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("[]", reply.body());
        assertEquals(
                4,
                store.product("SKU-3")
                        .orElseThrow()
                        .at("/extension_attributes/stock_item/qty")
                        .asInt());
    }
}
