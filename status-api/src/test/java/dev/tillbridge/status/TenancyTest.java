package dev.tillbridge.status;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An account sees only its own integrations; without a valid token nothing is answered. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class TenancyTest extends StatusApiTestSupport {

    record Call(Method method, String path, String body) {
    }

    String accountA;
    String accountB;
    String integrationOfB;

    @BeforeEach
    void twoAccounts() {
        accountA = unique("acc");
        accountB = unique("acc");
        integrationOfB = unique("int");
        as(tokenFor(accountB)).contentType(ContentType.JSON)
                .body(IntegrationControlPlaneTest.createBody(integrationOfB, "s")).post("/api/v1/integrations")
                .then().statusCode(201);
        publish(Topics.INTEGRATION_LOGS, integrationOfB, accountB, integrationOfB,
                LogEntry.info(integrationOfB, LogService.POS, "pos", "B's line"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(tokenFor(accountB)).get("/api/v1/integrations/{id}/logs?service=POS", integrationOfB).then()
                        .body("items.size()", is(1)));
    }

    List<Call> integrationCalls(String id) {
        return List.of(
                new Call(Method.GET, "/api/v1/integrations/" + id, null),
                new Call(Method.PATCH, "/api/v1/integrations/" + id, "{\"syncIntervalSeconds\": 300}"),
                new Call(Method.DELETE, "/api/v1/integrations/" + id, null),
                new Call(Method.GET, "/api/v1/integrations/" + id + "/status", null),
                new Call(Method.GET, "/api/v1/integrations/" + id + "/logs", null),
                new Call(Method.GET, "/api/v1/integrations/" + id + "/orders/skipped", null),
                new Call(Method.POST, "/api/v1/integrations/" + id + "/orders/5/redownload", null),
                new Call(Method.GET, "/api/v1/integrations/" + id + "/events", null));
    }

    private static io.restassured.response.Response call(RequestSpecification spec, Call c) {
        if (c.body() != null) {
            spec = spec.contentType(ContentType.JSON).body(c.body());
        }
        return spec.request(c.method(), c.path());
    }

    @Test
    void anotherAccountsIntegrationIsNotFoundOnEveryEndpointLikeAnUnknownOne() {
        String tokenA = tokenFor(accountA);
        for (Call c : integrationCalls(integrationOfB)) {
            call(as(tokenA), c).then().statusCode(404).contentType("application/problem+json")
                    .body("detail", equalTo("No integration " + integrationOfB));
        }
        String unknown = unique("int");
        for (Call c : integrationCalls(unknown)) {
            call(as(tokenA), c).then().statusCode(404).body("detail", equalTo("No integration " + unknown));
        }
        as(tokenA).get("/api/v1/integrations").then().statusCode(200).body("size()", is(0));
        // B still has its integration: nothing A tried changed it.
        as(tokenFor(accountB)).get("/api/v1/integrations/{id}", integrationOfB).then().statusCode(200)
                .body("syncIntervalSeconds", is(120));
    }

    @Test
    void withoutATokenEveryEndpointAnswers401() {
        List<Call> calls = new java.util.ArrayList<>(integrationCalls(integrationOfB));
        calls.add(new Call(Method.GET, "/api/v1/integrations", null));
        calls.add(new Call(Method.POST, "/api/v1/integrations", IntegrationControlPlaneTest.createBody(unique("int"), "s")));
        for (Call c : calls) {
            call(RestAssured.given(), c).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer");
            call(RestAssured.given().header("Authorization", "Bearer not-a-jwt"), c).then().statusCode(401);
        }
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer("https://tillbridge.local/dev-tokens").subject("mallory").groups(Set.of("operator"))
                .claim("account", accountB).expiresIn(300).sign(generator.generateKeyPair().getPrivate());
        as(forged).get("/api/v1/integrations/{id}/status", integrationOfB).then().statusCode(401);
        as(forged).get("/api/v1/integrations").then().statusCode(401);
    }

    @Test
    void aTokenWithoutAnAccountThatIsNotAnOperatorsIsForbidden() {
        String noAccount = tokens.issue(null, false, "nobody").token();
        as(noAccount).get("/api/v1/integrations").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anOperatorSeesAndManagesEveryAccountsIntegration() {
        String operator = operatorToken();
        as(operator).get("/api/v1/integrations/{id}/status", integrationOfB).then().statusCode(200)
                .body("accountId", equalTo(accountB));
        as(operator).get("/api/v1/integrations/{id}/logs", integrationOfB).then().statusCode(200)
                .body("items[0].message", equalTo("B's line"));
        as(operator).contentType(ContentType.JSON).body("{\"syncIntervalSeconds\": 600}")
                .patch("/api/v1/integrations/{id}", integrationOfB).then().statusCode(200)
                .body("syncIntervalSeconds", is(600));
    }
}
