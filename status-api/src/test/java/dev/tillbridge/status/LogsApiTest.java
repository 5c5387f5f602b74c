package dev.tillbridge.status;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.Topics;
import dev.tillbridge.status.service.ReadModelRetention;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The Logs page's API: newest first, filtered by service and type, paged by cursor, purged after retention. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class LogsApiTest extends StatusApiTestSupport {

    @Inject
    ReadModelRetention retention;

    private void line(String account, String id, LogService service, LogType type, String message, Instant at) {
        publishAt(Topics.INTEGRATION_LOGS, id, account, id, new LogEntry(id, service, type, message, "test", null), at);
    }

    @Test
    void linesComeNewestFirstFilteredByServiceAndTypeAndPagedByCursor() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(100);
        for (int i = 1; i <= 7; i++) {
            line(
                    account,
                    id,
                    i % 2 == 0 ? LogService.POS : LogService.MAGENTO,
                    i % 3 == 0 ? LogType.ERROR : LogType.INFO,
                    "line " + i,
                    t0.plusSeconds(i));
        }
        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/logs", id)
                        .then()
                        .body("items.size()", is(7)));

        String cursor = as(token)
                .get("/api/v1/integrations/{id}/logs?limit=3", id)
                .then()
                .statusCode(200)
                .body("items.message", contains("line 7", "line 6", "line 5"))
                .body("nextCursor", notNullValue())
                .extract()
                .path("nextCursor");
        String cursor2 = as(token)
                .queryParam("cursor", cursor)
                .get("/api/v1/integrations/{id}/logs?limit=3", id)
                .then()
                .body("items.message", contains("line 4", "line 3", "line 2"))
                .extract()
                .path("nextCursor");
        as(token)
                .queryParam("cursor", cursor2)
                .get("/api/v1/integrations/{id}/logs?limit=3", id)
                .then()
                .body("items.message", contains("line 1"))
                .body("nextCursor", nullValue());

        as(token)
                .get("/api/v1/integrations/{id}/logs?service=POS&type=ERROR", id)
                .then()
                .body("items.message", contains("line 6"));
        as(token)
                .get("/api/v1/integrations/{id}/logs?service=magento&type=info", id)
                .then()
                .body("items.message", contains("line 7", "line 5", "line 1"));
        as(token)
                .queryParam("since", t0.plusSeconds(6).toString())
                .get("/api/v1/integrations/{id}/logs", id)
                .then()
                .body("items.message", contains("line 7", "line 6"));
    }

    @Test
    void aBadQueryParameterIsAProblemNamingIt() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> as(token).get("/api/v1/integrations/{id}/logs", id).statusCode() == 200);
        for (String[] bad : new String[][] {
            {"limit", "0"},
            {"limit", "abc"},
            {"limit", "100000"},
            {"service", "SHOP"},
            {"type", "DEBUG"},
            {"since", "yesterday"},
            {"cursor", "not-a-cursor"}
        }) {
            as(token)
                    .queryParam(bad[0], bad[1])
                    .get("/api/v1/integrations/{id}/logs", id)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", is(bad[0]));
        }
        as(token)
                .queryParam("reason", "BECAUSE")
                .get("/api/v1/integrations/{id}/orders/skipped", id)
                .then()
                .statusCode(400)
                .body("errors[0].field", is("reason"));
    }

    @Test
    void linesOlderThanTheRetentionArePurged() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        line(
                account,
                id,
                LogService.MAGENTO,
                LogType.ERROR,
                "three weeks old",
                Instant.now().minus(Duration.ofDays(21)));
        line(account, id, LogService.MAGENTO, LogType.ERROR, "fresh", Instant.now());
        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/logs", id)
                        .then()
                        .body("items.size()", is(2)));

        retention.purge();

        as(token).get("/api/v1/integrations/{id}/logs", id).then().body("items.message", contains("fresh"));
    }
}
