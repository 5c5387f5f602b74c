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

    /** Run 7 of the integration: 12403 products, 20 a second, its most frequent error {@code error}. */
    private static ProductProgress run7(
            String id,
            int sent,
            int failed,
            RunState state,
            long etaSeconds,
            String lastSku,
            Instant startedAt,
            int restarts,
            String error) {
        return new ProductProgress(
                id,
                "run-7",
                sent,
                failed,
                12403,
                state,
                20.0,
                etaSeconds,
                lastSku,
                Instant.now(),
                startedAt,
                restarts,
                error);
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
        OtherServices services = configuredIntegration("sa-test-acc", 20);
        String account = services.accountId();
        String id = services.integrationId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The seed's December 13th: the last sync covered up to three minutes ago, Magento has an order
        // updated two minutes ago, which is longer than two 20 s intervals.
        services.cycle(ended(id, now.minusSeconds(180), now.minusSeconds(120), SyncCycle.Outcome.SUCCEEDED, null));

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

        services.cycle(ended(id, Instant.now(), now.minusSeconds(120), SyncCycle.Outcome.SUCCEEDED, null));
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
        OtherServices services = configuredIntegration("sa-test-acc", 10);
        String account = services.accountId();
        String id = services.integrationId();
        Instant now = Instant.now();
        services.publishAt(
                Topics.SYNC_CYCLES,
                id,
                ended(
                        id,
                        now.minusSeconds(60),
                        null,
                        SyncCycle.Outcome.FAILED,
                        "Magento answered 503 Service Unavailable"),
                now.minusSeconds(60));
        services.cycle(ended(id, now, null, SyncCycle.Outcome.FAILED, "Magento answered 503 Service Unavailable"));

        String token = tokenFor(account);
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .body("alerts.code", Matchers.contains("SYNC_STALLED")));

        services.cycle(ended(id, Instant.now(), null, SyncCycle.Outcome.SUCCEEDED, null));
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
        OtherServices services = configuredIntegration("sa-test-acc", 60);
        String account = services.accountId();
        String id = services.integrationId();
        String error = "The value of attribute \"price\" must be set.";
        services.progress(run7(
                id, 300, 12, RunState.RUNNING, 600L, "SKU-312", Instant.now().minusSeconds(60), 1, error));
        services.progress(run7(id, 10, 1, RunState.RUNNING, 600L, "SKU-11", Instant.now(), 2, error));

        String token = tokenFor(account);
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .body("alerts", hasSize(1))
                        .body("alerts[0].code", equalTo("PRODUCT_SYNC_LOOPING"))
                        .body("alerts[0].message", containsString(error)));

        services.progress(run7(id, 12390, 13, RunState.COMPLETED, 0L, "SKU-12403", Instant.now(), 2, error));
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
