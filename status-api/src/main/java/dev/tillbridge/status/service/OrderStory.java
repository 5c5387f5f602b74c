package dev.tillbridge.status.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One order's story, the answer of {@code GET /integrations/{id}/orders/{ref}}: every fact Tillbridge has about the
 * order, oldest first, and where it stands now. An order Tillbridge never saw (or forgot) is an answer too
 * ({@code seen: false}, with {@code notSeen}): the integration exists, so 404 stays reserved for "no such
 * integration" (also another account's), and the likely reasons are the useful part of the answer.
 *
 * <p>Plain Java: the sentences, the "decided again" marks and the likely reasons are made here from stored facts.
 */
@Schema(
        description =
                "One order's story, oldest fact first; `seen: false` with `notSeen` when Tillbridge has no fact about it")
public record OrderStory(
        String integrationId,
        @Schema(description = "the ref as asked") String ref,
        boolean seen,

        @Schema(description = "ENTITY_ID or INCREMENT_ID: how the ref matched")
        String matchedBy,

        Long entityId,
        String incrementId,

        @Schema(description = "where the order stands after its newest decision")
        Current current,

        List<StoryFact> facts,

        @Schema(description = "older 'seen' versions dropped to keep the story bounded")
        int factsDropped,

        @Schema(description = "how long a story is kept after its last fact (ISO-8601 duration)")
        String keptFor,

        @Schema(description = "set when seen is false") NotSeen notSeen) {

    /** Where the order stands: {@code RELEASED}, {@code SKIPPED} or {@code UNDECIDED}, in a sentence. */
    public record Current(
            @Schema(enumeration = {"RELEASED", "SKIPPED", "UNDECIDED"})
            String decision,

            String summary,
            String reason,
            String advice) {}

    /** Why Tillbridge may never have seen the order, with the facts to check. */
    public record NotSeen(
            List<Reason> likelyReasons,
            Instant watermark,
            LastCycle lastCycle,
            Instant startDate,
            List<Integer> storeIds,
            String storeCode,
            Boolean enabled) {}

    /** One likely reason: {@code NOT_YET_POLLED}, {@code BEFORE_START_DATE}, {@code STORE_NOT_MAPPED}, {@code FORGOTTEN}. */
    public record Reason(String code, String sentence) {}

    /** The last sync cycle that ended: the window of {@code updated_at} it read, and how it ended. */
    public record LastCycle(
            Instant windowFrom, Instant windowTo, Instant endedAt, String outcome, String errorMessage) {}

    /** A stored fact: its kind, time and fields. */
    public record Stored(String kind, Instant at, long id, StoryFact fact) {}

    /** The story of an order with these facts (any order; sorted here by time, then by arrival). */
    public static OrderStory of(
            String integrationId,
            String ref,
            String matchedBy,
            long entityId,
            String incrementId,
            List<Stored> stored,
            int factsDropped,
            Duration keptFor) {
        List<Stored> sorted = new ArrayList<>(stored);
        sorted.sort(Comparator.comparing(Stored::at).thenComparingLong(Stored::id));
        List<StoryFact> facts = new ArrayList<>();
        StoryFact lastDecision = null;
        boolean decidedBefore = false;
        for (Stored s : sorted) {
            StoryFact fact = s.fact().shown(s.at(), s.kind(), null, null);
            Boolean redecided = null;
            if (fact.isDecision()) {
                redecided = decidedBefore;
                decidedBefore = true;
                lastDecision = fact;
            }
            facts.add(fact.shown(s.at(), s.kind(), redecided, sentence(fact, Boolean.TRUE.equals(redecided))));
        }
        return new OrderStory(
                integrationId,
                ref,
                true,
                matchedBy,
                entityId,
                incrementId,
                current(lastDecision, facts),
                List.copyOf(facts),
                factsDropped,
                iso(keptFor),
                null);
    }

    /** Tillbridge has no fact about the order: the likely reasons, with the watermark and the last cycle's window. */
    public static OrderStory notSeen(String integrationId, String ref, Integration integration, Duration keptFor) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(new Reason("NOT_YET_POLLED", notYetPolled(integration)));
        if (integration.startDate() != null) {
            reasons.add(
                    new Reason(
                            "BEFORE_START_DATE",
                            "The integration reads the orders changed since its start date, "
                                    + integration.startDate()
                                    + "; an order last changed before then is never read. Move the start date"
                                    + " earlier on the Settings page (or change the order in Magento) if it should reach the POS."));
        }
        String stores = integration.storeIds() == null || integration.storeIds().isEmpty()
                ? "every store"
                : "store ids " + integration.storeIds();
        reasons.add(new Reason(
                "STORE_NOT_MAPPED",
                "Tillbridge reads the orders of the Magento this integration is"
                        + " connected to (store code '" + integration.storeCode() + "') and downloads those of "
                        + stores
                        + ". An order of another Magento installation or website never shows here; an order of another store of"
                        + " this Magento shows here as skipped (store not mapped) once it is read."));
        reasons.add(new Reason(
                "FORGOTTEN",
                "Tillbridge keeps an order's story for " + days(keptFor)
                        + " after its last change; an order unchanged for longer is no longer shown."));
        LastCycle last = integration.cycleEndedAt() == null
                ? null
                : new LastCycle(
                        integration.windowFrom(),
                        integration.windowTo(),
                        integration.cycleEndedAt(),
                        integration.cycleOutcome(),
                        integration.cycleError());
        return new OrderStory(
                integrationId,
                ref,
                false,
                null,
                null,
                null,
                null,
                List.of(),
                0,
                iso(keptFor),
                new NotSeen(
                        List.copyOf(reasons),
                        integration.watermark(),
                        last,
                        integration.startDate(),
                        integration.storeIds(),
                        integration.storeCode(),
                        integration.enabled()));
    }

    /** What the read model knows about the integration's syncing, for the "never seen" answer. */
    public record Integration(
            Boolean enabled,
            Instant watermark,
            Instant windowFrom,
            Instant windowTo,
            Instant cycleEndedAt,
            String cycleOutcome,
            String cycleError,
            Integer syncIntervalSeconds,
            Instant startDate,
            List<Integer> storeIds,
            String storeCode) {}

    private static String notYetPolled(Integration i) {
        StringBuilder s = new StringBuilder();
        if (i.watermark() == null) {
            s.append("No sync cycle has succeeded yet, so Tillbridge has not read this store's orders.");
        } else {
            s.append("Tillbridge has read the orders Magento changed up to ")
                    .append(i.watermark())
                    .append(".");
            if (i.cycleEndedAt() != null) {
                s.append(" The last sync cycle (ended ")
                        .append(i.cycleEndedAt())
                        .append(", ")
                        .append(
                                i.cycleOutcome() == null
                                        ? "outcome unknown"
                                        : i.cycleOutcome().toLowerCase())
                        .append(") read the orders changed from ")
                        .append(i.windowFrom())
                        .append(" to ")
                        .append(i.windowTo())
                        .append(".");
            }
            s.append(" An order created or changed after that is read by the next sync cycle");
            s.append(i.syncIntervalSeconds() == null ? "." : " (every " + i.syncIntervalSeconds() + " s).");
        }
        if (i.cycleError() != null && "FAILED".equals(i.cycleOutcome())) {
            s.append(" The last sync cycle failed: ").append(i.cycleError());
        }
        if (Boolean.FALSE.equals(i.enabled())) {
            s.append(" The integration is disabled: no sync cycle runs until it is enabled again.");
        }
        return s.toString();
    }

    /** ISO-8601, in days when whole days ({@code P30D}, where {@link Duration#toString} says {@code PT720H}). */
    private static String iso(Duration d) {
        return !d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0 ? "P" + d.toDays() + "D" : d.toString();
    }

    private static String days(Duration d) {
        long days = d.toDays();
        return days >= 1 ? days + (days == 1 ? " day" : " days") : d.toString();
    }

    private static Current current(StoryFact lastDecision, List<StoryFact> facts) {
        StoryFact lastRelease = null;
        for (StoryFact f : facts) {
            if (StoryFact.RELEASED.equals(f.kind())) {
                lastRelease = f;
            }
        }
        if (lastDecision == null && lastRelease == null) {
            return new Current(
                    "UNDECIDED",
                    facts.stream().anyMatch(f -> StoryFact.SEEN.equals(f.kind()))
                            ? "Seen in Magento; no decision about it has been read yet."
                            : "No decision about it has been read yet.",
                    null,
                    null);
        }
        if (lastDecision != null
                && StoryFact.SKIPPED.equals(lastDecision.kind())
                && (lastRelease == null || lastRelease.at().isBefore(lastDecision.at()))) {
            return new Current(
                    "SKIPPED", "Skipped: " + lastDecision.sentence(), lastDecision.reason(), lastDecision.advice());
        }
        return new Current(
                "RELEASED",
                "Released to the POS at " + lastRelease.at()
                        + (Boolean.TRUE.equals(lastRelease.redownload()) ? " (re-download)." : "."),
                null,
                null);
    }

    static String sentence(StoryFact f, boolean redecided) {
        return switch (f.kind()) {
            case StoryFact.SEEN ->
                "Seen in Magento by a sync cycle"
                        + ("INVOICE_SEARCH".equals(f.observedBy()) ? " (through a new invoice)" : "") + ": " + f.state()
                        + (f.status() == null ? "" : " (" + f.status() + ")")
                        + ", updated " + f.updatedAt() + ", invoiced " + money(f.baseTotalInvoiced()) + " of "
                        + money(f.baseGrandTotal()) + ".";
            case StoryFact.SKIPPED ->
                decision(
                        redecided,
                        "skipped, "
                                + (f.reason() == null
                                        ? ""
                                        : f.reason().toLowerCase().replace('_', ' '))
                                + (Boolean.TRUE.equals(f.finalDecision())
                                        ? " (final)"
                                        : " (decided again when the order changes)")
                                + ": " + f.sentence());
            case StoryFact.RELEASED ->
                Boolean.TRUE.equals(f.redownload())
                        ? "Downloaded again (re-download) to the POS: on filtered-orders, partition " + f.partition()
                                + ", offset " + f.offset() + "."
                        : decision(
                                redecided,
                                "released to the POS: on filtered-orders, partition " + f.partition() + ", offset "
                                        + f.offset() + ".");
            case StoryFact.REDOWNLOAD_REQUESTED ->
                "Re-download requested by " + (f.requestedBy() == null ? "an operator" : f.requestedBy()) + ".";
            case StoryFact.INVOICE ->
                switch (f.invoiceOutcome() == null ? "" : f.invoiceOutcome()) {
                    case "CREATED" -> "Auto-Invoice: Magento created invoice " + f.invoiceId() + ".";
                    case "ALREADY_INVOICED" -> "Auto-Invoice: Magento had nothing left to invoice (already invoiced).";
                    default -> "Auto-Invoice failed: " + f.message();
                };
            default ->
                (f.logType() == null ? "Log line" : capitalized(f.logType()) + " line")
                        + (f.service() == null ? "" : " (" + f.service() + ")") + ": " + f.message();
        };
    }

    private static String decision(boolean redecided, String phrase) {
        return redecided ? "Decided again: " + phrase : Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1);
    }

    private static String money(BigDecimal amount) {
        return amount == null ? "?" : amount.toPlainString();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : s.charAt(0) + s.substring(1).toLowerCase();
    }
}
