package dev.tillbridge.status.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The two alerts status-api raises itself, decided from the read model alone:
 * <ul>
 * <li>{@code SYNC_STALLED}: Magento has had an order change that no successful sync covered for longer
 *     than {@code stalledAfterIntervals} sync intervals (the seed's "orders created or updated more
 *     recently than December 13th"), or no cycle has succeeded for longer than
 *     {@code noSuccessAfterIntervals} intervals;</li>
 * <li>{@code PRODUCT_SYNC_LOOPING}: the current product run was started again at least
 *     {@code loopingAfterRestarts} times without completing (the seed's "loop back and start over").</li>
 * </ul>
 * A finding that no longer holds is resolved by common-events' {@code AlertBook}.
 */
public final class AlertRules {

    public static final Set<AlertCode> OWN_CODES = EnumSet.of(AlertCode.SYNC_STALLED, AlertCode.PRODUCT_SYNC_LOOPING);

    public record Thresholds(
            int stalledAfterIntervals,
            int noSuccessAfterIntervals,
            int loopingAfterRestarts,
            int defaultSyncIntervalSeconds) {}

    /** What the read model knows about one integration, as the rules need it. */
    public record Facts(
            boolean enabled,
            Integer syncIntervalSeconds,
            Instant firstCycleAt,
            Instant lastSuccessfulCycleAt,
            Instant watermark,
            Instant magentoNewestUpdatedAt,
            Instant behindSince,
            String lastCycleOutcome,
            String lastCycleError,
            String runId,
            String runState,
            Integer runRestarts,
            Integer runSent,
            Integer runFailed,
            Integer runTotal,
            String runMostFrequentError) {}

    private AlertRules() {}

    /** @return the alerts that hold now, each with the message that says what is wrong */
    public static Map<AlertCode, String> findings(Facts f, Instant now, Thresholds t) {
        Map<AlertCode, String> findings = new EnumMap<>(AlertCode.class);
        if (!f.enabled()) {
            return findings;
        }
        int intervalSeconds = f.syncIntervalSeconds() == null || f.syncIntervalSeconds() < 1
                ? t.defaultSyncIntervalSeconds()
                : f.syncIntervalSeconds();
        Duration interval = Duration.ofSeconds(intervalSeconds);

        String stalled = null;
        if (f.behindSince() != null
                && now.isAfter(f.behindSince().plus(interval.multipliedBy(t.stalledAfterIntervals())))) {
            stalled = "Orders changed in Magento after the last successful sync: Magento's newest order update is "
                    + f.magentoNewestUpdatedAt() + ", but the last sync covered orders only up to "
                    + (f.watermark() == null ? "nothing yet" : f.watermark().toString())
                    + "; they have been waiting since " + f.behindSince() + ".";
        }
        Instant successReference = f.lastSuccessfulCycleAt() != null ? f.lastSuccessfulCycleAt() : f.firstCycleAt();
        if (successReference != null
                && now.isAfter(successReference.plus(interval.multipliedBy(t.noSuccessAfterIntervals())))) {
            String since = f.lastSuccessfulCycleAt() == null
                    ? "No sync cycle has succeeded since the first one at " + f.firstCycleAt()
                    : "No sync cycle has succeeded since " + f.lastSuccessfulCycleAt();
            String last = "FAILED".equals(f.lastCycleOutcome()) && f.lastCycleError() != null
                    ? " The last cycle failed: " + f.lastCycleError()
                    : "";
            String noSuccess = since + " (more than " + t.noSuccessAfterIntervals() + " sync intervals of "
                    + intervalSeconds + " s)." + last;
            stalled = stalled == null ? noSuccess : stalled + " " + noSuccess;
        }
        if (stalled != null) {
            findings.put(AlertCode.SYNC_STALLED, stalled);
        }

        if (f.runId() != null
                && f.runRestarts() != null
                && f.runRestarts() >= t.loopingAfterRestarts()
                && !RunState.COMPLETED.name().equals(f.runState())) {
            String error =
                    f.runMostFrequentError() == null ? "" : " Most frequent Magento error: " + f.runMostFrequentError();
            findings.put(
                    AlertCode.PRODUCT_SYNC_LOOPING,
                    "The product update (run " + f.runId() + ") started over "
                            + f.runRestarts() + " times without completing; it reached " + nz(f.runSent())
                            + " sent and "
                            + nz(f.runFailed()) + " failed of " + nz(f.runTotal()) + "." + error);
        }
        return findings;
    }

    private static int nz(Integer n) {
        return n == null ? 0 : n;
    }
}
