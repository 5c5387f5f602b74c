package dev.tillbridge.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The local stack's demo tokens: issued by the dev endpoint, accepted by the API like any other token. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class DevTokensTest extends StatusApiTestSupport {

    @Test
    void aDemoTokenForAnAccountSeesThatAccountsIntegrations() {
        String account = unique("acc");
        String id = unique("int");
        String token = given().post("/api/v1/dev/token?account={a}", account)
                .then()
                .statusCode(200)
                .body("account", is(account))
                .extract()
                .path("token");
        createIntegration(token, createBody(id, "s")).then().statusCode(201);
        as(token).get("/api/v1/integrations").then().statusCode(200).body("items.integrationId", hasItem(id));
        given().get("/api/v1/dev/accounts").then().statusCode(200).body("$", hasItem(account));

        String operator = given().post("/api/v1/dev/token?operator=true")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        as(operator).get("/api/v1/integrations/{id}", id).then().statusCode(200);
    }

    @Test
    void aDemoTokenNeedsAnAccountThatIsAnId() {
        given().post("/api/v1/dev/token")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("account"));
        given().post("/api/v1/dev/token?account={a}", "a b\r\n").then().statusCode(400);
        assertThat(tokens.enabled()).isTrue();
    }
}
