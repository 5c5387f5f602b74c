package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertCode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    static final Instant NOW = Instant.parse("2024-12-20T12:00:00Z");
    static final AlertRules.Thresholds DEFAULTS = new AlertRules.Thresholds(2, 3, 2, 60);

    static AlertRules.Facts sync(Instant lastSuccess, Instant watermark, Instant newest, Instant behindSince) {
        return new AlertRules.Facts(
                true,
                60,
                lastSuccess,
                lastSuccess,
                watermark,
                newest,
                behindSince,
                "SUCCEEDED",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static AlertRules.Facts run(String state, int restarts) {
        return new AlertRules.Facts(
                true,
                60,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "run-1",
                state,
                restarts,
                825,
                3,
                12403,
                "Invalid attribute value");
    }

    @Test
    void changesWaitingForLongerThanTwoIntervalsAreStalled() {
        Instant behind = NOW.minusSeconds(121);
        Map<AlertCode, String> findings =
                AlertRules.findings(sync(NOW.minusSeconds(30), NOW.minusSeconds(200), behind, behind), NOW, DEFAULTS);
        assertThat(findings).containsOnlyKeys(AlertCode.SYNC_STALLED);
        assertThat(findings.get(AlertCode.SYNC_STALLED)).contains("waiting since " + behind);
    }

    @Test
    void changesWaitingForUpToTwoIntervalsAreNormal() {
        Instant behind = NOW.minusSeconds(120);
        assertThat(AlertRules.findings(
                        sync(NOW.minusSeconds(30), NOW.minusSeconds(200), behind, behind), NOW, DEFAULTS))
                .isEmpty();
    }

    @Test
    void noSuccessfulCycleForMoreThanThreeIntervalsIsStalledEvenWithoutKnownChanges() {
        assertThat(AlertRules.findings(sync(NOW.minusSeconds(181), null, null, null), NOW, DEFAULTS))
                .containsOnlyKeys(AlertCode.SYNC_STALLED);
        assertThat(AlertRules.findings(sync(NOW.minusSeconds(180), null, null, null), NOW, DEFAULTS))
                .isEmpty();
    }

    @Test
    void withoutAnyCycleNothingIsDecided() {
        assertThat(AlertRules.findings(sync(null, null, null, null), NOW, DEFAULTS))
                .isEmpty();
    }

    @Test
    void theIntegrationsOwnIntervalScalesTheThresholds() {
        var facts = new AlertRules.Facts(
                true,
                600,
                NOW.minusSeconds(1000),
                NOW.minusSeconds(1000),
                null,
                null,
                null,
                "SUCCEEDED",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThat(AlertRules.findings(facts, NOW, DEFAULTS)).isEmpty();
        assertThat(AlertRules.findings(facts, NOW.plusSeconds(1000), DEFAULTS))
                .containsOnlyKeys(AlertCode.SYNC_STALLED);
    }

    @Test
    void aRunRestartedTwiceWithoutCompletingIsLoopingWithTheMostFrequentError() {
        Map<AlertCode, String> findings = AlertRules.findings(run("RUNNING", 2), NOW, DEFAULTS);
        assertThat(findings).containsOnlyKeys(AlertCode.PRODUCT_SYNC_LOOPING);
        assertThat(findings.get(AlertCode.PRODUCT_SYNC_LOOPING)).contains("2 times", "Invalid attribute value");
        assertThat(AlertRules.findings(run("FAILED", 3), NOW, DEFAULTS))
                .containsOnlyKeys(AlertCode.PRODUCT_SYNC_LOOPING);
    }

    @Test
    void oneRestartOrACompletedRunIsNotLooping() {
        assertThat(AlertRules.findings(run("RUNNING", 1), NOW, DEFAULTS)).isEmpty();
        assertThat(AlertRules.findings(run("COMPLETED", 5), NOW, DEFAULTS)).isEmpty();
    }

    @Test
    void aDisabledIntegrationRaisesNothing() {
        var facts = new AlertRules.Facts(
                false,
                60,
                NOW.minusSeconds(9999),
                NOW.minusSeconds(9999),
                null,
                null,
                NOW.minusSeconds(9999),
                "FAILED",
                "boom",
                "run-1",
                "RUNNING",
                9,
                1,
                1,
                10,
                null);
        assertThat(AlertRules.findings(facts, NOW, DEFAULTS)).isEmpty();
    }
}
