package dev.tillbridge.status.service;

import dev.tillbridge.events.RunState;
import dev.tillbridge.status.model.AlertStateRow;
import dev.tillbridge.status.model.IntegrationStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Everything the Status page shows about one integration, in one document. */
public record StatusDocument(
        String integrationId,
        String accountId,
        String name,
        boolean configured,
        boolean enabled,
        String downloadMode,
        Integer syncIntervalSeconds,
        long version,
        Instant generatedAt,
        MagentoActivity magento,
        PosActivity pos,
        SyncCycleView syncCycle,
        ProductRunView productRun,
        OrderCounts orders,
        List<AlertView> alerts,
        ResyncView resync) {

    /** The Magento card: the seed's "no new product updates have been sent to Magento, nor orders downloaded". */
    public record MagentoActivity(
            Instant lastActivityAt,
            Instant lastProductSentAt,
            String lastProductSku,
            Instant lastOrderDownloadedAt,
            String lastOrderIncrementId,
            Instant newestOrderUpdatedAt) {
        static MagentoActivity of(IntegrationStatus s) {
            return new MagentoActivity(
                    SyncCoverage.later(s.lastProductSentAt, s.lastOrderDownloadedAt),
                    s.lastProductSentAt,
                    s.lastProductSku,
                    s.lastOrderDownloadedAt,
                    s.lastOrderIncrementId,
                    s.magentoNewestUpdatedAt);
        }
    }

    /** The POS card: orders delivered to the POS and product updates received from it. */
    public record PosActivity(
            String name,
            Instant lastActivityAt,
            Instant lastOrderReleasedAt,
            String lastOrderIncrementId,
            Instant lastProductUpdateAt) {
        static PosActivity of(IntegrationStatus s, String posName) {
            return new PosActivity(
                    posName,
                    SyncCoverage.later(s.lastOrderDownloadedAt, s.runUpdatedAt),
                    s.lastOrderDownloadedAt,
                    s.lastOrderIncrementId,
                    s.runUpdatedAt);
        }
    }

    /** The sync-cycle line: the cycle under way, if any, and the latest one that ended. */
    public record SyncCycleView(
            UUID runningCycleId,
            Instant runningSince,
            UUID cycleId,
            Instant startedAt,
            Instant endedAt,
            Instant windowFrom,
            Instant windowTo,
            String outcome,
            Integer ordersSeen,
            Long durationMs,
            String errorMessage,
            Instant lastSuccessfulAt,
            Instant watermark,
            Instant magentoNewestUpdatedAt,
            boolean changedAfterLastSync) {
        public static SyncCycleView of(IntegrationStatus s) {
            if (s.cycleId == null && s.runningCycleId == null) {
                return null;
            }
            boolean changedAfter = s.magentoNewestUpdatedAt != null
                    && (s.watermark == null || s.magentoNewestUpdatedAt.isAfter(s.watermark));
            return new SyncCycleView(
                    s.runningCycleId,
                    s.runningCycleStartedAt,
                    s.cycleId,
                    s.cycleStartedAt,
                    s.cycleEndedAt,
                    s.cycleWindowFrom,
                    s.cycleWindowTo,
                    s.cycleOutcome,
                    s.cycleOrdersSeen,
                    s.cycleDurationMs,
                    s.cycleError,
                    s.lastSuccessfulCycleAt,
                    s.watermark,
                    s.magentoNewestUpdatedAt,
                    changedAfter);
        }
    }

    /** The progress bar: "Updating Product 825 of 12403". */
    public record ProductRunView(
            String runId,
            int sent,
            int failed,
            int total,
            int current,
            String state,
            Double ratePerSecond,
            Long etaSeconds,
            String lastSku,
            Instant startedAt,
            Instant updatedAt,
            int restarts,
            String mostFrequentError,
            String label) {
        public static ProductRunView of(IntegrationStatus s) {
            if (s.runId == null) {
                return null;
            }
            int sent = nz(s.runSent);
            int failed = nz(s.runFailed);
            int total = nz(s.runTotal);
            RunState state = RunState.valueOf(s.runState);
            int current = Math.min(total, sent + failed + (state == RunState.RUNNING ? 1 : 0));
            return new ProductRunView(
                    s.runId,
                    sent,
                    failed,
                    total,
                    current,
                    state.name(),
                    s.runRate,
                    s.runEtaSeconds,
                    s.runLastSku,
                    s.runStartedAt,
                    s.runUpdatedAt,
                    nz(s.runRestarts),
                    s.runMostFrequentError,
                    label(state, current, sent, failed, total));
        }

        static String label(RunState state, int current, int sent, int failed, int total) {
            return switch (state) {
                case RUNNING -> "Updating Product " + current + " of " + total;
                case COMPLETED ->
                    "Product update completed: " + sent + " of " + total + " sent"
                            + (failed > 0 ? ", " + failed + " failed" : "");
                case FAILED -> "Product update failed after " + (sent + failed) + " of " + total;
            };
        }

        private static int nz(Integer value) {
            return value == null ? 0 : value;
        }
    }

    public record OrderCounts(Count downloaded, Count skipped, List<SkipReasonCount> skippedByReason) {}

    public record Count(long today, long last7Days) {}

    public record SkipReasonCount(
            String reason, boolean finalDecision, String sentence, String advice, long today, long last7Days) {}

    public record AlertView(
            String code,
            String state,
            String service,
            String message,
            String advice,
            Instant firstSeenAt,
            Instant lastSeenAt,
            int occurrences,
            String origin) {
        public static AlertView of(AlertStateRow row) {
            return new AlertView(
                    row.id.code(),
                    row.state,
                    row.service,
                    row.message,
                    row.advice,
                    row.firstSeenAt,
                    row.lastSeenAt,
                    row.occurrences,
                    row.origin);
        }
    }
}
