package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.ResyncCancelRequested;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.ResyncRequested;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * POST/DELETE/GET /api/v1/integrations/{id}/resync (issue 16): the request is checked (problem+json 400, 409, 422),
 * handed to the poller on sync-requests through the outbox, logged, and its progress (the poller's records on
 * sync-cycles) shows in the status document; another account gets 404.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class ResyncApiTest extends StatusApiTestSupport {

    private String create(String account) {
        String id = unique("int");
        createIntegration(tokenFor(account), createBody(id, "s")).then().statusCode(201);
        return id;
    }

    private List<EventEnvelope<EventPayload>> commands(String id, int atLeast) {
        return kafka
                .readUntil(
                        Topics.SYNC_REQUESTS,
                        r -> id.equals(r.key()),
                        found -> found.size() >= atLeast,
                        Duration.ofSeconds(60))
                .stream()
                .map(r -> EventJson.decode(r.value()))
                .toList();
    }

    @Test
    void aResyncIsHandedToThePollerOneAtATimeAndShowsItsProgressAndItsCancel() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = create(account);
        Instant from = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

        String resyncId = as(token)
                .contentType(ContentType.JSON)
                .body("{\"from\": \"" + from + "\"}")
                .post("/api/v1/integrations/{id}/resync", id)
                .then()
                .statusCode(202)
                .body("state", equalTo("REQUESTED"))
                .body("force", is(false))
                .extract()
                .path("resyncId");
        ResyncRequested command = (ResyncRequested) commands(id, 1).get(0).payload();
        assertThat(command.resyncId()).isEqualTo(UUID.fromString(resyncId));
        assertThat(command.from()).isEqualTo(from);
        assertThat(command.force()).isFalse();
        assertThat(command.requestedBy()).isEqualTo("user-of-" + account);

        // One at a time.
        as(token)
                .contentType(ContentType.JSON)
                .body("{\"from\": \"" + from + "\", \"force\": true}")
                .post("/api/v1/integrations/{id}/resync", id)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");

        // The poller reports where it stands.
        UUID resync = UUID.fromString(resyncId);
        Instant upTo = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant readUpTo = from.plus(Duration.ofDays(10));
        publish(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                new ResyncProgress(id, resync, from, upTo, readUpTo, false, 40, 3, ResyncProgress.State.RUNNING, null));
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .statusCode(200)
                        .body("resync.state", equalTo("RUNNING"))
                        .body("resync.ordersFound", is(40))
                        .body("resync.ordersSent", is(3))
                        .body("resync.readUpTo", equalTo(readUpTo.toString())));

        as(token)
                .delete("/api/v1/integrations/{id}/resync", id)
                .then()
                .statusCode(202)
                .body("cancelRequested", is(true));
        ResyncCancelRequested cancel =
                (ResyncCancelRequested) commands(id, 2).get(1).payload();
        assertThat(cancel.resyncId()).isEqualTo(resync);
        publish(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                new ResyncProgress(
                        id, resync, from, upTo, readUpTo, false, 40, 3, ResyncProgress.State.CANCELLED, null));
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/resync", id)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("CANCELLED")));
        // A RUNNING record that arrives late does not bring a cancelled resync back.
        publish(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                new ResyncProgress(id, resync, from, upTo, upTo, false, 50, 3, ResyncProgress.State.RUNNING, null));
        as(token)
                .delete("/api/v1/integrations/{id}/resync", id)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        as(token)
                .contentType(ContentType.JSON)
                .body("{\"from\": \"" + from + "\", \"force\": true}")
                .post("/api/v1/integrations/{id}/resync", id)
                .then()
                .statusCode(202)
                .body("force", is(true));
        assertThat(((ResyncRequested) commands(id, 3).get(2).payload()).force()).isTrue();
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/logs?type=INFO&service=TILLBRIDGE", id)
                        .then()
                        .body(
                                "items.message",
                                hasItem("Resync from "
                                        + from.toString().replace('T', ' ').replace("Z", "") + " requested by user-of-"
                                        + account + ".")));
    }

    @Test
    void badRequestsAreProblemsAndAnotherAccountSeesNothing() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = create(account);
        String future = Instant.now().plus(Duration.ofDays(1)).toString();
        String tooOld = Instant.now().minus(Duration.ofDays(91)).toString();

        post(token, id, "{\"from\": ").statusCode(400).body("detail", containsString("not valid JSON"));
        post(token, id, "{}").statusCode(400).body("errors.field", contains("from"));
        post(token, id, "{\"from\": \"yesterday\"}").statusCode(400).body("errors.field", contains("from"));
        post(token, id, "{\"from\": \"2026-11-01T00:00:00Z\", \"until\": \"x\"}")
                .statusCode(400)
                .body("errors.field", contains("until"));
        post(token, id, "{\"from\": \"" + Instant.now().minus(Duration.ofDays(1)) + "\", \"force\": \"yes\"}")
                .statusCode(400)
                .body("errors.field", contains("force"));
        // every refused field in one answer; a hostile field name is echoed only in its printable form
        post(token, id, "{\"force\": 1, \"<script>\": true}")
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("from", "force", "?script?"));
        post(token, id, "{\"from\": \"" + future + "\"}")
                .statusCode(422)
                .body("errors.field", contains("from"))
                .body("detail", containsString("future"));
        post(token, id, "{\"from\": \"" + tooOld + "\"}")
                .statusCode(422)
                .body("detail", containsString("within the last 90 days"));
        as(token).get("/api/v1/integrations/{id}/resync", id).then().statusCode(204);
        as(token).delete("/api/v1/integrations/{id}/resync", id).then().statusCode(409);

        String other = tokenFor(unique("acc"));
        post(other, id, "{\"from\": \"" + Instant.now().minus(Duration.ofDays(1)) + "\"}")
                .statusCode(404)
                .contentType("application/problem+json");
        as(other).delete("/api/v1/integrations/{id}/resync", id).then().statusCode(404);
        as(other).get("/api/v1/integrations/{id}/resync", id).then().statusCode(404);
        post(token, "int-never-created", "{\"from\": \"" + Instant.now().minus(Duration.ofDays(1)) + "\"}")
                .statusCode(404);
        // Nothing of this reached the poller.
        assertThat(kafka.readAll(Topics.SYNC_REQUESTS, r -> id.equals(r.key()))).isEmpty();
    }

    private static ValidatableResponse post(String token, String id, String body) {
        return as(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/integrations/{id}/resync", id)
                .then()
                .contentType("application/problem+json");
    }
}
