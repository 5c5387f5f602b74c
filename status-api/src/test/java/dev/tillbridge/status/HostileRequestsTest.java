package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * What a tester found answering 5xx or a bare body: each answers a 4xx problem+json now. Requests that a
 * well-behaved client will not send (a 20 KB URI, a 40 KB header, a chunked body) go raw over a socket.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class HostileRequestsTest extends StatusApiTestSupport {

    private static void assertProblem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        assertThat(answer.body())
                .contains("\"status\":" + status)
                .contains("\"title\"")
                .contains("\"detail\"");
    }

    @Test
    void aTwentyKilobyteUriIsA414Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(
                RestAssured.port,
                ("GET /api/v1/integrations?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        assertProblem(answer, 414);
    }

    @Test
    void aFortyKilobyteHeaderIsA431Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(
                RestAssured.port,
                ("GET /api/v1/integrations HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Big: " + "a".repeat(40_000)
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        assertProblem(answer, 431);
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413ProblemAndTheConnectionCloses() throws Exception {
        String token = tokenFor(unique("acc"));
        byte[] body = ("{\"name\": \"" + "n".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String method : new String[] {"POST /api/v1/integrations", "PATCH /api/v1/integrations/some-id"}) {
            RawHttp.Answer answer = RawHttp.send(
                    RestAssured.port,
                    method + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n",
                    RawHttp.chunked(body, 8192));
            assertProblem(answer, 413);
            assertThat(answer.closed()).as("connection closed after " + method).isTrue();
        }
    }

    @Test
    void aSmallChunkedBodyIsStillRead() throws Exception {
        String token = tokenFor(unique("acc"));
        String id = unique("int");
        byte[] body = createBody(id, "s").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.send(
                RestAssured.port,
                "POST /api/v1/integrations HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                RawHttp.chunked(body, 16));
        assertThat(answer.status()).isEqualTo(201);
    }

    @Test
    void unknownRoutesWrongMethodsAndMediaTypesAreProblems() throws Exception {
        String token = tokenFor(unique("acc"));
        assertProblem(
                RawHttp.send(
                        RestAssured.port,
                        "GET /no/such/route HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                404);
        assertProblem(
                RawHttp.send(
                        RestAssured.port,
                        ("PUT /api/v1/integrations HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: Bearer " + token
                                        + "\r\nContent-Length: 0\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII)),
                405);
        assertProblem(
                RawHttp.send(
                        RestAssured.port,
                        ("GET /api/v1/integrations HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: Bearer " + token
                                        + "\r\nAccept: application/xml\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII)),
                406);
    }

    @Test
    void eventsWithoutATokenIs401WhateverItAccepts() {
        for (String accept : new String[] {"application/json", "text/event-stream", "text/html"}) {
            RestAssured.given()
                    .accept(accept)
                    .get("/api/v1/integrations/{id}/events", unique("int"))
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer");
        }
    }

    @Test
    void instantsPostgresqlCannotHoldAre400NamingTheParameter() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> as(token).get("/api/v1/integrations/{id}/logs", id).statusCode() == 200);
        for (String instant : new String[] {
            "+1000000000-12-31T23:59:59Z",
            "-1000000000-01-01T00:00:00Z",
            "+294277-01-01T00:00:00Z",
            "-4714-11-24T00:00:00Z",
            "+10000-01-01T00:00:00Z"
        }) {
            as(token)
                    .queryParam("since", instant)
                    .get("/api/v1/integrations/{id}/logs", id)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", is("since"));
            String cursor = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((instant + "|5").getBytes(StandardCharsets.UTF_8));
            as(token)
                    .queryParam("cursor", cursor)
                    .get("/api/v1/integrations/{id}/logs", id)
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", is("cursor"));
            as(token)
                    .queryParam("cursor", cursor)
                    .get("/api/v1/integrations/{id}/orders/skipped", id)
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", is("cursor"));
            as(token)
                    .contentType(ContentType.JSON)
                    .body("{\"startDate\": \"" + instant + "\"}")
                    .patch("/api/v1/integrations/{id}", id)
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", is("startDate"));
        }
    }

    @Test
    void controlCharactersInIdsAndQueryValuesAre400NamingThem() {
        String account = unique("acc");
        String token = tokenFor(account);
        as(token)
                .urlEncodingEnabled(false)
                .get("/api/v1/integrations/a%00b")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("id"));
        as(token)
                .urlEncodingEnabled(false)
                .get("/api/v1/integrations/a%00b/logs")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("id"));
        as(token)
                .urlEncodingEnabled(false)
                .post("/api/v1/integrations/x/orders/1%0d%0a/redownload")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("entityId"));
        as(token)
                .urlEncodingEnabled(false)
                .get("/api/v1/integrations/x/logs?service=MAGENTO%00")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("service"));
        RestAssured.given()
                .urlEncodingEnabled(false)
                .post("/api/v1/dev/token?account=a%00b")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("account"));
    }

    @Test
    void aControlCharacterInANotificationAddressIsAFieldError() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        for (String address : new String[] {
            "ops\\u0000@example.test",
            "ops@exa\\u0000mple.test",
            "ops@example.test\\u0007",
            "ops\\u007f@example.test",
            "ops\\u0085@example.test"
        }) {
            as(token)
                    .contentType(ContentType.JSON)
                    .body("{\"notificationEmails\": [\"" + address + "\"]}")
                    .patch("/api/v1/integrations/{id}", id)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", is("notificationEmails[0]"));
        }
        as(token).get("/api/v1/integrations/{id}", id).then().statusCode(200).body("revision", is(1));
    }
}
