package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoCredentials;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Creating, changing and deleting integrations publishes them to the compacted topic; secrets never come back. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class IntegrationControlPlaneTest extends StatusApiTestSupport {

    @ConfigProperty(name = "tillbridge.credentials.key")
    String credentialsKey;

    private List<ConsumerRecord<String, String>> integrationRecords(String id, int atLeast) {
        return kafka.readUntil(
                Topics.INTEGRATIONS, r -> id.equals(r.key()), found -> found.size() >= atLeast, Duration.ofSeconds(30));
    }

    @Test
    void theListIsPagedInIdOrderWithoutRepeatsOrGapsAndWithoutDeletedIntegrations() {
        String account = unique("acc");
        String token = tokenFor(account);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createdIntegration(token));
        }
        String deleted = created.remove(2);
        as(token).delete("/api/v1/integrations/{id}", deleted).then().statusCode(204);

        List<List<String>> pages = listedPages(token, 2);
        assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(2));
        assertThat(pages.stream().flatMap(List::stream).toList())
                .as("every live integration once, in id order")
                .isEqualTo(created.stream().sorted().toList());
        assertThat(pages.size()).isBetween(2, 3);

        as(token)
                .queryParam("cursor", "not-a-cursor")
                .get("/api/v1/integrations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("cursor"));
        as(token)
                .queryParam("limit", 0)
                .get("/api/v1/integrations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("limit"));
    }

    @Test
    void createPublishesRevisionOneWithSealedCredentialsAndAnsweresWithoutThem() {
        String account = unique("acc");
        String id = unique("int");
        String secret = "bearer-secret-" + UUID.randomUUID();
        createIntegration(tokenFor(account), createBody(id, secret))
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/integrations/" + id))
                .body("integrationId", equalTo(id))
                .body("accountId", equalTo(account))
                .body("revision", is(1))
                .body("magento.credentialsSet", is(true))
                .body("magento.credentialsKind", equalTo("bearer"))
                .body(not(containsString(secret)))
                .body(not(containsString("v1:")));

        List<ConsumerRecord<String, String>> records = integrationRecords(id, 1);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).doesNotContain(secret);
        IntegrationConfigured published = EventJson.decode(records.get(0).value(), IntegrationConfigured.class)
                .payload();
        assertThat(published.revision()).isEqualTo(1);
        assertThat(published.downloadMode()).isEqualTo(DownloadMode.WAIT_FOR_INVOICE);
        assertThat(published.storeIds()).containsExactly(1, 2);
        // Sealed with the shared key, bound to this integration: another service can open it.
        MagentoCredentials opened = CredentialSealer.fromBase64Key(credentialsKey)
                .open(id, published.magento().sealedCredentials());
        assertThat(opened).isEqualTo(new MagentoCredentials.Bearer(secret));
        await().atMost(Duration.ofMinutes(2)).until(() -> directory.find(id).isPresent());
    }

    @Test
    void aCredentialPatchThenGetShowsNoSecretAndTheTopicNeverHoldsThePlaintext() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        String consumerSecret = "consumer-secret-" + UUID.randomUUID();
        String tokenSecret = "token-secret-" + UUID.randomUUID();
        String accessToken = "access-token-" + UUID.randomUUID();
        as(token)
                .contentType("application/merge-patch+json")
                .body("""
                        {"magento": {"credentials": {"kind": "oauth1", "consumerKey": "ck-1", "consumerSecret": "%s",
                                                     "accessToken": "%s", "accessTokenSecret": "%s"}}}
                        """.formatted(consumerSecret, accessToken, tokenSecret))
                .patch("/api/v1/integrations/{id}", id)
                .then()
                .statusCode(200)
                .body("revision", is(2))
                .body("magento.credentialsKind", equalTo("oauth1"))
                .body(not(containsString(consumerSecret)));

        String got = as(token)
                .get("/api/v1/integrations/{id}", id)
                .then()
                .statusCode(200)
                .body("magento.credentialsSet", is(true))
                .body("magento.baseUrl", equalTo("https://shop.example.test"))
                .body("magento.credentials", nullValue())
                .body("magento.sealedCredentials", nullValue())
                .extract()
                .asString();
        assertThat(got).doesNotContain(consumerSecret, tokenSecret, accessToken, "ck-1");
        String listed = as(token)
                .get("/api/v1/integrations")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(listed).contains(id).doesNotContain(consumerSecret, tokenSecret, accessToken);

        List<ConsumerRecord<String, String>> records = integrationRecords(id, 2);
        assertThat(records).hasSize(2);
        for (ConsumerRecord<String, String> r : records) {
            assertThat(r.value()).doesNotContain(consumerSecret, tokenSecret, accessToken);
        }
        IntegrationConfigured second = EventJson.decode(records.get(1).value(), IntegrationConfigured.class)
                .payload();
        assertThat(CredentialSealer.fromBase64Key(credentialsKey)
                        .open(id, second.magento().sealedCredentials()))
                .isEqualTo(new MagentoCredentials.OAuth1("ck-1", consumerSecret, accessToken, tokenSecret));
    }

    @Test
    void aPatchChangesOnlyTheNamedSettingsAndPublishesTheNextRevision() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        as(token)
                .contentType(ContentType.JSON)
                .body("{\"downloadMode\": \"AUTO_INVOICE\", \"syncIntervalSeconds\": 300, "
                        + "\"notificationEmails\": [\"a@example.test\", \"b@example.test\"], \"enabled\": false}")
                .patch("/api/v1/integrations/{id}", id)
                .then()
                .statusCode(200)
                .body("downloadMode", equalTo("AUTO_INVOICE"))
                .body("syncIntervalSeconds", is(300))
                .body("notificationEmails", contains("a@example.test", "b@example.test"))
                .body("enabled", is(false))
                .body("storeIds", contains(1, 2))
                .body("name", equalTo("Main store"))
                .body("revision", is(2));

        IntegrationConfigured latest = EventJson.decode(
                        integrationRecords(id, 2).get(1).value(), IntegrationConfigured.class)
                .payload();
        assertThat(latest.revision()).isEqualTo(2);
        assertThat(latest.syncIntervalSeconds()).isEqualTo(300);
        assertThat(latest.enabled()).isFalse();
        awaitStatus(
                token,
                id,
                Duration.ofMinutes(2),
                status -> status.body("downloadMode", equalTo("AUTO_INVOICE")).body("enabled", is(false)));
        // The change is on the Logs page, by field name only.
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/logs?type=INFO", id)
                        .then()
                        .body(
                                "items.message",
                                hasItem(containsString(
                                        "downloadMode, enabled, notificationEmails, syncIntervalSeconds"))));
    }

    @Test
    void deletePublishesADisabledRecordThenATombstoneAndTheIntegrationIsGone() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        as(token).delete("/api/v1/integrations/{id}", id).then().statusCode(204);

        List<ConsumerRecord<String, String>> records = integrationRecords(id, 3);
        assertThat(records).hasSize(3);
        IntegrationConfigured disabled = EventJson.decode(records.get(1).value(), IntegrationConfigured.class)
                .payload();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.revision()).isEqualTo(2);
        assertThat(records.get(2).value()).isNull();

        as(token).get("/api/v1/integrations/{id}", id).then().statusCode(404);
        as(token).get("/api/v1/integrations/{id}/status", id).then().statusCode(404);
        as(token).delete("/api/v1/integrations/{id}", id).then().statusCode(404);
        await().atMost(Duration.ofMinutes(2)).until(() -> directory.find(id).isEmpty());
        assertThat(listedIds(token)).doesNotContain(id);
    }

    @Test
    void aRefusedValueIsAProblemNamingTheField() {
        String account = unique("acc");
        String token = tokenFor(account);
        createIntegration(
                        token,
                        "{\"name\": \"x\", \"magento\": {\"baseUrl\": \"ftp://nope\", \"credentials\": "
                                + "{\"kind\": \"bearer\", \"accessToken\": \"t\"}}, \"syncIntervalSeconds\": 5, "
                                + "\"notificationEmails\": [\"ok@example.test\", \"not an address\"]}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("errors.field", contains("magento.baseUrl", "syncIntervalSeconds", "notificationEmails[1]"))
                .body("detail", containsString("syncIntervalSeconds"));
        createIntegration(
                        token,
                        "{\"name\": \"x\", \"magento\": {\"baseUrl\": \"https://shop.example.test\", \"credentials\": "
                                + "{\"kind\": \"bearer\", \"accessToken\": \"top-secret-value\", \"extra\": 1}}}")
                .then()
                .statusCode(400)
                .body("errors.field", contains("magento.credentials.extra"))
                .body(not(containsString("top-secret-value")));
        createIntegration(token, "{\"integrationId\": \"x\"}")
                .then()
                .statusCode(400)
                .body("errors.field", contains("name", "magento.baseUrl", "magento.credentials"));
    }

    @Test
    void aBaseUrlTillbridgeWillNotCallIs422NamingTheField() {
        String account = unique("acc");
        String token = tokenFor(account);
        // %test allows 127.0.0.0/8 (the simulator); every other non-public address is refused as in production
        for (String baseUrl : List.of(
                "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.1",
                "http://192.168.0.1",
                "http://172.16.0.1",
                "http://[fd00::1]",
                "http://[fd00:ec2::254]",
                "http://kubernetes.default.svc",
                "http://tillbridge-postgres:5432",
                "http://0x7f000001",
                "http://2130706433",
                "http://[::ffff:10.0.0.1]",
                "http://100.64.0.1",
                "http://0.0.0.0",
                "https://shop.example.test:22")) {
            createIntegration(
                            token,
                            createRequest(unique("int"))
                                    .baseUrl(baseUrl)
                                    .accessToken("t")
                                    .createBody())
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("status", is(422))
                    .body("errors.field", contains("magento.baseUrl"))
                    .body("detail", containsString("magento.baseUrl"));
        }
        String id = unique("int");
        createIntegration(token, createBody(id, "t")).then().statusCode(201);
        as(token)
                .contentType("application/merge-patch+json")
                .body("{\"magento\": {\"baseUrl\": \"http://169.254.169.254\"}}")
                .patch("/api/v1/integrations/{id}", id)
                .then()
                .statusCode(422)
                .body("errors.field", contains("magento.baseUrl"));
        as(token)
                .get("/api/v1/integrations/{id}", id)
                .then()
                .statusCode(200)
                .body("magento.baseUrl", equalTo("https://shop.example.test"));
    }

    @Test
    void anIdAlreadyTakenIsAConflict() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        createIntegration(token, createBody(id, "b")).then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aRedownloadPublishesTheRequestToRawOrdersAndAnInfoLine() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        as(token)
                .post("/api/v1/integrations/{id}/orders/{entity}/redownload", id, 4711)
                .then()
                .statusCode(202)
                .body("entityId", is(4711));

        var requests = kafka.readUntil(
                Topics.RAW_ORDERS,
                r -> Topics.orderKey(id, 4711).equals(r.key()),
                found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(requests).hasSize(1);
        EventEnvelope<RedownloadRequested> request =
                EventJson.decode(requests.get(0).value(), RedownloadRequested.class);
        assertThat(request.payload().entityId()).isEqualTo(4711);
        assertThat(request.payload().requestedBy()).isEqualTo("user-of-" + account);
        assertThat(request.accountId()).isEqualTo(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/logs?type=INFO&service=TILLBRIDGE", id)
                        .then()
                        .body("items.message", hasItem("Re-download of order 4711 requested by user-of-" + account)));
        as(token)
                .post("/api/v1/integrations/{id}/orders/{entity}/redownload", id, "abc")
                .then()
                .statusCode(400)
                .body("errors.field", contains("entityId"));
        as(token)
                .post("/api/v1/integrations/{id}/orders/{entity}/redownload", id, 0)
                .then()
                .statusCode(400);
    }

    @Test
    void anOperatorCreatesForAnAccountAndListsEveryAccount() {
        String accountA = unique("acc");
        String accountB = unique("acc");
        String a = unique("int");
        String b = unique("int");
        String operator = operatorToken();
        createIntegration(
                        operator,
                        createRequest(a).accountId(accountA).accessToken("s").createBody())
                .then()
                .statusCode(201)
                .body("accountId", equalTo(accountA));
        createIntegration(tokenFor(accountB), createBody(b, "s")).then().statusCode(201);
        createIntegration(operator, createBody(unique("int"), "s"))
                .then()
                .statusCode(400)
                .body("errors.field", contains("accountId"));

        assertThat(listedIds(operator)).contains(a, b);
        as(tokenFor(accountA))
                .get("/api/v1/integrations")
                .then()
                .statusCode(200)
                .body("items.integrationId", contains(a))
                .body("nextCursor", nullValue());
        createIntegration(
                        tokenFor(accountB),
                        createRequest(unique("int"))
                                .accountId(accountA)
                                .accessToken("s")
                                .createBody())
                .then()
                .statusCode(400)
                .body("errors.field", contains("accountId"));
    }

    @Test
    void theOpenApiDocumentListsTheEndpoints() {
        RestAssured.given()
                .accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", Matchers.hasKey("/api/v1/integrations/{id}/status"))
                .body("paths", Matchers.hasKey("/api/v1/integrations/{id}/events"))
                .body("paths", Matchers.hasKey("/api/v1/integrations/{id}/orders/{entityId}/redownload"));
    }
}
