package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * An integration id belongs to the account that first used it, for good: another account can neither create it
 * (live or deleted) nor learn from the answer that it exists; the owner may create its deleted id again and gets
 * a new incarnation in which nothing of the old one shows.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class IntegrationIdsTest extends StatusApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Response create(String token, String id) {
        return createIntegration(token, createBody(id, "s3cret"));
    }

    /** What a refusal tells the caller: everything but the per-response error instance. */
    private static Map<String, Object> refusal(Response response) {
        JsonPath body = response.jsonPath();
        return Map.of(
                "status",
                response.statusCode(),
                "contentType",
                response.contentType(),
                "title",
                body.getString("title"),
                "detail",
                String.valueOf(body.getString("detail")),
                "errors",
                String.valueOf(body.getList("errors")));
    }

    @Test
    void anotherAccountCannotCreateAnIdHeldByAnotherAndTheAnswerDoesNotSayItExists() {
        String owner = tokenFor(unique("acc"));
        String other = tokenFor(unique("acc"));
        String id = unique("int");
        create(owner, id).then().statusCode(201);

        // The same answer as for an id nobody ever used but nobody may choose (the generated shape).
        String free = "int-" + UUID.randomUUID().toString().substring(0, 13);
        Map<String, Object> freeButInvalid = refusal(create(other, free));
        assertThat(freeButInvalid.get("status")).isEqualTo(400);
        assertThat(freeButInvalid.get("errors").toString()).contains("integrationId");
        Map<String, Object> live = refusal(create(other, id));
        assertThat(live).isEqualTo(freeButInvalid);

        as(owner).delete("/api/v1/integrations/{id}", id).then().statusCode(204);
        assertThat(refusal(create(other, id))).as("deleted: still the owner's").isEqualTo(freeButInvalid);
        as(other).get("/api/v1/integrations/{id}", id).then().statusCode(404);
        as(other).get("/api/v1/integrations/{id}/logs", id).then().statusCode(404);

        // 409 is only for the caller's own ids; its own deleted id it may create again.
        create(owner, id).then().statusCode(201);
        create(owner, id).then().statusCode(409).contentType("application/problem+json");
        as(owner).get("/api/v1/integrations/{id}", id).then().statusCode(200);
    }

    @Test
    void anIdConfiguredOnTheTopicByAnotherAccountIsNotAvailableEither() {
        String id = unique("int");
        configure(id, unique("acc"), 60);
        String other = tokenFor(unique("acc"));
        await().atMost(WAIT).until(() -> directory.find(id).isPresent());
        Response answer = create(other, id);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.jsonPath().getString("errors[0].field")).isEqualTo("integrationId");
    }

    @Test
    void recreatingOnesOwnDeletedIdShowsNothingOfTheOldIncarnation() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = unique("int");
        create(token, id).then().statusCode(201);
        publishOldActivity(account, id, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> {
            as(token).get("/api/v1/integrations/{id}/logs", id).then().body("items.message", hasItem("old line"));
            as(token).get("/api/v1/integrations/{id}/orders/skipped", id).then().body("items.entityId", contains(7));
            as(token)
                    .get("/api/v1/integrations/{id}/status", id)
                    .then()
                    .statusCode(200)
                    .body("orders.downloaded.today", is(1))
                    .body("alerts.code", contains("MAGENTO_UNREACHABLE"))
                    .body("productRun.runId", is("old-run"))
                    .body("syncCycle.outcome", is("SUCCEEDED"));
        });

        as(token).delete("/api/v1/integrations/{id}", id).then().statusCode(204);
        // Records of the old incarnation still on their way: one read while it is deleted, one read after the
        // id is created again although it was published before.
        OtherServices services = otherServices(account, id);
        services.log(LogEntry.info(id, LogService.MAGENTO, "order-poller", "late old line"));
        Instant beforeRecreate = Instant.now();
        create(token, id).then().statusCode(201);
        services.publishAt(
                Topics.INTEGRATION_LOGS,
                id,
                LogEntry.error(id, LogService.MAGENTO, "order-poller", "straggler of the old one"),
                beforeRecreate.minusMillis(1));
        services.skippedAt(8, SkipReason.ON_HOLD, beforeRecreate.minusMillis(1));
        services.log(LogEntry.info(id, LogService.MAGENTO, "order-poller", "new line"));

        await().atMost(WAIT)
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/logs", id)
                        .then()
                        .body("items.message", hasItem("new line")));
        as(token)
                .get("/api/v1/integrations/{id}/logs", id)
                .then()
                .statusCode(200)
                .body("items.message", not(hasItem("old line")))
                .body("items.message", not(hasItem("late old line")))
                .body("items.message", not(hasItem("straggler of the old one")))
                .body(
                        "items.message",
                        everyItem(Matchers.oneOf("new line", "Integration created by user-of-" + account)));
        as(token)
                .get("/api/v1/integrations/{id}/orders/skipped", id)
                .then()
                .statusCode(200)
                .body("items", empty());
        as(token)
                .get("/api/v1/integrations/{id}/status", id)
                .then()
                .statusCode(200)
                .body("orders.downloaded.today", is(0))
                .body("orders.skipped.today", is(0))
                .body("alerts", empty())
                .body("productRun", nullValue())
                .body("syncCycle", nullValue())
                .body("magento.lastOrderDownloadedAt", nullValue());
    }

    private void publishOldActivity(String account, String id, Instant at) {
        OtherServices services = otherServices(account, id);
        services.log(LogEntry.info(id, LogService.MAGENTO, "order-poller", "old line"));
        services.skipped(7, SkipReason.ON_HOLD);
        services.released(6, "100000006");
        services.cycleSucceeded(at.minusSeconds(60), at, 1, at);
        services.progress(
                new ProductProgress(id, "old-run", 1, 0, 10, RunState.RUNNING, 5.0, 2L, "SKU-1", at, at, 0, null));
        services.magentoUnreachable(at);
    }
}
