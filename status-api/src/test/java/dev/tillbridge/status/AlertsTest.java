package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * SYNC_STALLED and PRODUCT_SYNC_LOOPING are raised by status-api itself from the records it reads, published
 * to integration-alerts (so the notifier mails them) with their advice, and resolved when the condition clears.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class AlertsTest extends StatusApiTestSupport {

    private List<AlertChanged> alertsOn(String integrationId, AlertCode code, int atLeast) {
        return kafka
                .readUntil(
                        Topics.INTEGRATION_ALERTS,
                        r -> Topics.alertKey(integrationId, code).equals(r.key()),
                        found -> found.size() >= atLeast,
                        Duration.ofSeconds(40))
                .stream()
                .map(r -> EventJson.decode(r.value(), AlertChanged.class).payload())
                .toList();
    }

    private SyncCycle ended(String id, Instant windowTo, Instant newest, SyncCycle.Outcome outcome, String error) {
        SyncCycle.Ended ended = SyncCycle.ended(id, UUID.randomUUID(), windowTo.minusSeconds(60))
                .windowTo(windowTo)
                .pages(1)
                .magentoNewestUpdatedAt(newest);
        return outcome == SyncCycle.Outcome.SUCCEEDED ? ended.succeeded(300) : ended.failed(300, error);
    }

    @Test
    void syncStalledIsRaisedWhileMagentoHasChangesNoSyncCoveredAndResolvedOnceASyncCoversThem() {
        String account = unique("sa-test-acc");
        String id = unique("int");
        configure(id, account, 20);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The seed's December 13th: the last sync covered up to three minutes ago, Magento has an order
        // updated two minutes ago, which is longer than two 20 s intervals.
        publish(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                ended(id, now.minusSeconds(180), now.minusSeconds(120), SyncCycle.Outcome.SUCCEEDED, null));

        // Raised on integration-alerts, read back by the read model: the Status page shows it with its advice.
        String token = tokenFor(account);
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .body("alerts.code", Matchers.contains("SYNC_STALLED"))
                        .body("alerts[0].advice", equalTo(AlertCode.SYNC_STALLED.advice()))
                        .body("alerts[0].origin", equalTo("status-api"))
                        .body("syncCycle.changedAfterLastSync", equalTo(true)));

        publish(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                ended(id, Instant.now(), now.minusSeconds(120), SyncCycle.Outcome.SUCCEEDED, null));
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .body("alerts", empty()));
        List<AlertChanged> both = alertsOn(id, AlertCode.SYNC_STALLED, 2);
        assertThat(both).extracting(AlertChanged::state).containsExactly(AlertState.RAISED, AlertState.RESOLVED);
        AlertChanged alert = both.get(0);
        assertThat(alert.advice()).isEqualTo(AlertCode.SYNC_STALLED.advice());
        assertThat(alert.message())
                .contains(
                        "Orders changed in Magento after the last successful sync",
                        now.minusSeconds(120).toString());
    }

    @Test
    void syncStalledIsRaisedWhenNoCycleSucceedsForThreeIntervalsWithTheLastError() {
        String account = unique("sa-test-acc");
        String id = unique("int");
        configure(id, account, 10);
        Instant now = Instant.now();
        publishAt(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                ended(
                        id,
                        now.minusSeconds(60),
                        null,
                        SyncCycle.Outcome.FAILED,
                        "Magento answered 503 Service Unavailable"),
                now.minusSeconds(60));
        publish(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                ended(id, now, null, SyncCycle.Outcome.FAILED, "Magento answered 503 Service Unavailable"));

        String token = tokenFor(account);
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .body("alerts.code", Matchers.contains("SYNC_STALLED")));

        publish(Topics.SYNC_CYCLES, id, account, id, ended(id, Instant.now(), null, SyncCycle.Outcome.SUCCEEDED, null));
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .body("alerts", empty()));
        List<AlertChanged> both = alertsOn(id, AlertCode.SYNC_STALLED, 2);
        assertThat(both).extracting(AlertChanged::state).containsExactly(AlertState.RAISED, AlertState.RESOLVED);
        assertThat(both.get(0).message())
                .contains(
                        "No sync cycle has succeeded",
                        "more than 3 sync intervals of 10 s",
                        "Magento answered 503 Service Unavailable");
    }

    @Test
    void productSyncLoopingIsRaisedWithTheMostFrequentErrorAndResolvedWhenTheRunCompletes() {
        String account = unique("sa-test-acc");
        String id = unique("int");
        configure(id, account, 60);
        String error = "The value of attribute \"price\" must be set.";
        publish(
                Topics.PRODUCT_PROGRESS,
                id,
                account,
                id,
                new ProductProgress(
                        id,
                        "run-7",
                        300,
                        12,
                        12403,
                        RunState.RUNNING,
                        20.0,
                        600L,
                        "SKU-312",
                        Instant.now(),
                        Instant.now().minusSeconds(60),
                        1,
                        error));
        publish(
                Topics.PRODUCT_PROGRESS,
                id,
                account,
                id,
                new ProductProgress(
                        id,
                        "run-7",
                        10,
                        1,
                        12403,
                        RunState.RUNNING,
                        20.0,
                        600L,
                        "SKU-11",
                        Instant.now(),
                        Instant.now(),
                        2,
                        error));

        String token = tokenFor(account);
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .body("alerts", hasSize(1))
                        .body("alerts[0].code", equalTo("PRODUCT_SYNC_LOOPING"))
                        .body("alerts[0].message", containsString(error)));

        publish(
                Topics.PRODUCT_PROGRESS,
                id,
                account,
                id,
                new ProductProgress(
                        id,
                        "run-7",
                        12390,
                        13,
                        12403,
                        RunState.COMPLETED,
                        20.0,
                        0L,
                        "SKU-12403",
                        Instant.now(),
                        Instant.now(),
                        2,
                        error));
        List<AlertChanged> both = alertsOn(id, AlertCode.PRODUCT_SYNC_LOOPING, 2);
        assertThat(both).extracting(AlertChanged::state).containsExactly(AlertState.RAISED, AlertState.RESOLVED);
        assertThat(both.get(0).advice()).isEqualTo(AlertCode.PRODUCT_SYNC_LOOPING.advice());
        assertThat(both.get(0).message()).contains("started over 2 times without completing", error);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .body("alerts", empty())
                        .body("productRun.label", equalTo("Product update completed: 12390 of 12403 sent, 13 failed")));
    }
}
