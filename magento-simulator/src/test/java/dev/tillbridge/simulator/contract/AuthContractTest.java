package dev.tillbridge.simulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.support.Criteria;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import dev.tillbridge.simulator.support.TestOAuthSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/magento-api.md §1: Bearer and OAuth 1.0a accepted; every failure is 401 with the route's ACL resource, never 403. */
class AuthContractTest extends SimulatorFixture {

    private static final String NOT_AUTHORIZED = "The consumer isn't authorized to access %resources.";

    private SimulatedStore oauthStore() {
        return newStore(StoreSpec.tenant(uniqueTenant()).withOAuth("ck-123", "cs-secret", "at-456", "ats-secret"));
    }

    private static TestOAuthSigner signer(String method) {
        return new TestOAuthSigner("ck-123", "cs-secret", "at-456", "ats-secret", method);
    }

    private static void assertUnauthorized(Reply reply, String aclResource) {
        assertEquals(401, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals(NOT_AUTHORIZED, body.path("message").asText());
        assertEquals(
                Map.of("resources", aclResource),
                Map.of("resources", body.path("parameters").path("resources").asText()));
        assertEquals(1, body.path("parameters").size());
    }

    @Test
    void bearerTokenIsAccepted() {
        SimulatedStore store = newStore();
        assertEquals(200, client(store).get(Criteria.search().orders()).status());
    }

    @Test
    void missingCredentialIs401WithTheRoutesAclResource() {
        SimulatedStore store = newStore();
        assertUnauthorized(
                MagentoTestClient.anonymous(store.magentoBaseUrl())
                        .get(Criteria.search().orders()),
                "Magento_Sales::actions_view");
    }

    @Test
    void wrongBearerTokenIs401NotForbidden() {
        SimulatedStore store = newStore();
        assertUnauthorized(
                MagentoTestClient.bearer(store.magentoBaseUrl(), "nope")
                        .get(Criteria.search().orders()),
                "Magento_Sales::actions_view");
    }

    @ParameterizedTest(name = "{0} {1} names {2}")
    @CsvSource({
        "GET, /rest/V1/orders/1, Magento_Sales::actions_view",
        "GET, /rest/V1/invoices?searchCriteria=, Magento_Sales::sales_invoice",
        "POST, /rest/V1/order/1/invoice, Magento_Sales::invoice",
        "PUT, /rest/all/V1/products/SKU-1, Magento_Catalog::products",
        "GET, /rest/V1/stockItems/SKU-1, Magento_CatalogInventory::cataloginventory",
        "POST, /rest/V1/inventory/source-items, Magento_InventoryApi::stock_source_item_assign",
        "GET, /rest/V1/bulk/abc/status, Magento_AsynchronousOperations::system_magento_logging_bulk_operations",
        "POST, /rest/async/bulk/V1/products, Magento_Catalog::products"
    })
    void every401NamesTheAclResourceOfItsRoute(String method, String path, String aclResource) {
        SimulatedStore store = newStore();
        assertUnauthorized(
                MagentoTestClient.anonymous(store.magentoBaseUrl())
                        .send(method, path, method.equals("GET") ? null : "{}"),
                aclResource);
    }

    @Test
    void oauthRequestSignedWithHmacSha256IsAccepted() {
        SimulatedStore store = oauthStore();
        store.seedOrders(3);
        Reply reply = MagentoTestClient.oauth(store.magentoBaseUrl(), signer("HMAC-SHA256"))
                .get(Criteria.search()
                        .filter(0, "state", "new,processing", "in")
                        .sort("entity_id", "ASC")
                        .pageSize(2)
                        .orders());
        assertEquals(200, reply.status(), reply::toString);
    }

    @Test
    void oauthRequestSignedWithHmacSha1IsAccepted() {
        SimulatedStore store = oauthStore();
        assertEquals(
                200,
                MagentoTestClient.oauth(store.magentoBaseUrl(), signer("HMAC-SHA1"))
                        .get(Criteria.search().orders())
                        .status());
    }

    @Test
    void oauthSignedPostWithJsonBodyIsAccepted() {
        SimulatedStore store = oauthStore();
        store.seedProducts(1, "SKU-");
        Reply reply = MagentoTestClient.oauth(store.magentoBaseUrl(), signer("HMAC-SHA256"))
                .put("/rest/all/V1/products/SKU-1", "{\"product\":{\"price\":12.5}}");
        assertEquals(200, reply.status(), reply::toString);
    }

    @Test
    void oauthWithWrongConsumerSecretIs401() {
        SimulatedStore store = oauthStore();
        TestOAuthSigner wrong = new TestOAuthSigner("ck-123", "not-the-secret", "at-456", "ats-secret", "HMAC-SHA256");
        assertUnauthorized(
                MagentoTestClient.oauth(store.magentoBaseUrl(), wrong)
                        .get(Criteria.search().orders()),
                "Magento_Sales::actions_view");
    }

    @Test
    void oauthSignatureOverADifferentUrlIs401() throws Exception {
        SimulatedStore store = oauthStore();
        URI signedFor = URI.create(store.magentoBaseUrl() + "/rest/V1/orders?searchCriteria[pageSize]=1");
        URI sentTo = URI.create(store.magentoBaseUrl() + "/rest/V1/orders?searchCriteria[pageSize]=2");
        String header = signer("HMAC-SHA256")
                .authorization("GET", signedFor, String.valueOf(System.currentTimeMillis() / 1000), "nonce-url");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        sentTo.toString().replace("[", "%5B").replace("]", "%5D")))
                                .header("Authorization", header)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void oauthNonceCannotBeUsedTwice() throws Exception {
        SimulatedStore store = oauthStore();
        URI uri = URI.create(store.magentoBaseUrl() + "/rest/V1/orders?searchCriteria=");
        String header = signer("HMAC-SHA256")
                .authorization("GET", uri, String.valueOf(System.currentTimeMillis() / 1000), "same-nonce");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(uri).header("Authorization", header).build();
        assertEquals(
                200, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(
                401, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void bearerIsRefusedWhenTheStoreOnlyHasOAuthCredentials() {
        SimulatedStore store = oauthStore();
        assertUnauthorized(
                MagentoTestClient.bearer(store.magentoBaseUrl(), "at-456")
                        .get(Criteria.search().orders()),
                "Magento_Sales::actions_view");
    }

    @Test
    void revokedCredentialsAre401FromTheNextRequestOn() {
        SimulatedStore store = newStore();
        MagentoTestClient client = client(store);
        assertEquals(200, client.get(Criteria.search().orders()).status());
        store.revokeCredentials();
        assertUnauthorized(client.get(Criteria.search().orders()), "Magento_Sales::actions_view");
        store.credentials(Credentials.bearer(TOKEN));
        assertEquals(200, client.get(Criteria.search().orders()).status());
    }
}
