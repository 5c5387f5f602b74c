package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
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
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An account sees only its own integrations; without a valid token nothing is answered. The routes come from the
 * resource classes ({@link ResourceRoutes}), so a new endpoint is covered without editing this test.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class TenancyTest extends StatusApiTestSupport {

    /**
     * The routes that name no integration, each with why it cannot show another account's data. Every other route
     * names one ({id}) and is checked below; a new route that fits neither fails {@link #everyRouteIsClassified}.
     */
    static final Map<String, String> ACCOUNT_LEVEL = Map.of(
            "GET /api/v1/integrations", "lists the caller's own integrations only",
            "POST /api/v1/integrations", "creates one for the caller's account (ids of others: IntegrationIdsTest)",
            "POST /api/v1/dev/token", "dev/test only (DemoTokenExposure), issues tokens",
            "GET /api/v1/dev/accounts", "dev/test only (DemoTokenExposure), the local stack's account picker");

    static final String PATCH_BODY = "{\"syncIntervalSeconds\": 300}";

    String accountA;
    String accountB;
    String integrationOfB;

    @BeforeEach
    void twoAccounts() {
        accountA = unique("acc");
        accountB = unique("acc");
        integrationOfB = unique("int");
        createIntegration(tokenFor(accountB), createBody(integrationOfB, "s"))
                .then()
                .statusCode(201);
        publish(
                Topics.INTEGRATION_LOGS,
                integrationOfB,
                accountB,
                integrationOfB,
                LogEntry.info(integrationOfB, LogService.POS, "pos", "B's line"));
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(tokenFor(accountB))
                        .get("/api/v1/integrations/{id}/logs?service=POS", integrationOfB)
                        .then()
                        .body("items.size()", is(1)));
    }

    private static Response call(RequestSpecification spec, ResourceRoutes.Route route, String integrationId) {
        if (route.consumesJson()) {
            spec = spec.contentType(ContentType.JSON)
                    .body(
                            route.method().equals("POST") && !route.perIntegration()
                                    ? createBody(unique("int"), "s")
                                    : PATCH_BODY);
        }
        return spec.request(Method.valueOf(route.method()), route.path(integrationId));
    }

    @Test
    void everyRouteIsClassified() {
        List<ResourceRoutes.Route> routes = ResourceRoutes.all();
        assertThat(routes)
                .extracting(ResourceRoutes.Route::toString)
                .contains("GET /api/v1/integrations/{id}/status")
                .containsAll(ACCOUNT_LEVEL.keySet());
        assertThat(routes)
                .filteredOn(r -> !r.perIntegration())
                .as("a route naming no integration must be listed in ACCOUNT_LEVEL with why it cannot leak")
                .extracting(ResourceRoutes.Route::toString)
                .allMatch(ACCOUNT_LEVEL::containsKey);
    }

    @Test
    void anotherAccountsIntegrationIsNotFoundOnEveryEndpointLikeAnUnknownOne() {
        String tokenA = tokenFor(accountA);
        String unknown = unique("int");
        List<ResourceRoutes.Route> perIntegration = ResourceRoutes.all().stream()
                .filter(ResourceRoutes.Route::perIntegration)
                .toList();
        assertThat(perIntegration).hasSizeGreaterThanOrEqualTo(8);
        for (ResourceRoutes.Route route : perIntegration) {
            for (String id : List.of(integrationOfB, unknown)) {
                try {
                    call(as(tokenA), route, id)
                            .then()
                            .statusCode(404)
                            .contentType("application/problem+json")
                            .body("detail", equalTo("No integration " + id));
                } catch (AssertionError e) {
                    throw new AssertionError(route + " with " + id + ": " + e.getMessage(), e);
                }
            }
        }
        as(tokenA).get("/api/v1/integrations").then().statusCode(200).body("items.size()", is(0));
        // B still has its integration: nothing A tried changed it.
        as(tokenFor(accountB))
                .get("/api/v1/integrations/{id}", integrationOfB)
                .then()
                .statusCode(200)
                .body("syncIntervalSeconds", is(120));
    }

    @Test
    void withoutATokenEveryEndpointAnswers401() {
        List<ResourceRoutes.Route> guarded =
                ResourceRoutes.all().stream().filter(r -> !r.permitAll()).toList();
        assertThat(guarded).hasSizeGreaterThanOrEqualTo(10);
        for (ResourceRoutes.Route route : guarded) {
            call(RestAssured.given(), route, integrationOfB)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer");
            call(RestAssured.given().header("Authorization", "Bearer not-a-jwt"), route, integrationOfB)
                    .then()
                    .statusCode(401);
        }
        assertThat(ResourceRoutes.all())
                .filteredOn(ResourceRoutes.Route::permitAll)
                .extracting(ResourceRoutes.Route::toString)
                .allMatch(r -> r.startsWith("POST /api/v1/dev/") || r.startsWith("GET /api/v1/dev/"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer("https://tillbridge.local/dev-tokens")
                .subject("mallory")
                .groups(Set.of("operator"))
                .claim("account", accountB)
                .expiresIn(300)
                .sign(generator.generateKeyPair().getPrivate());
        as(forged)
                .get("/api/v1/integrations/{id}/status", integrationOfB)
                .then()
                .statusCode(401);
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
        as(operator)
                .get("/api/v1/integrations/{id}/status", integrationOfB)
                .then()
                .statusCode(200)
                .body("accountId", equalTo(accountB));
        as(operator)
                .get("/api/v1/integrations/{id}/logs", integrationOfB)
                .then()
                .statusCode(200)
                .body("items[0].message", equalTo("B's line"));
        as(operator)
                .contentType(ContentType.JSON)
                .body("{\"syncIntervalSeconds\": 600}")
                .patch("/api/v1/integrations/{id}", integrationOfB)
                .then()
                .statusCode(200)
                .body("syncIntervalSeconds", is(600));
    }
}
