package dev.tillbridge.filter.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.alert.AlertBook;
import dev.tillbridge.events.alert.AlertBook.Held;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells when an integration's Order Download Mode does not fit how its store invoices orders (the seed's
 * two cases): several orders skipped as already invoiced within a day (another extension invoices them),
 * or orders waiting more than a day for an invoice that never comes. The alert is raised, kept and
 * resolved by {@link AlertBook}: raised once, never repeated while it lasts (the state store keeps it),
 * resolved once the finding is gone. Plain Java; the state is kept per integration by the caller.
 */
public final class MismatchWatch {

    /** Thresholds: {@code alreadyInvoicedCount} skips within {@code window}, or an order awaiting longer than it. */
    public record Thresholds(int alreadyInvoicedCount, Duration window) {
        public static final Thresholds DEFAULT = new Thresholds(5, Duration.ofHours(24));
    }

    public static final AlertCode CODE = AlertCode.DOWNLOAD_MODE_MISMATCH;

    /**
     * Per integration: when recent ALREADY_INVOICED skips happened, since when orders await an invoice, and the
     * alert held while the mismatch lasts (null when none is raised).
     */
    public record State(List<Instant> alreadyInvoicedAt, Map<Long, Instant> awaitingSince, Held alert) {
        public static final State EMPTY = new State(List.of(), Map.of(), null);

        public State {
            alreadyInvoicedAt = List.copyOf(alreadyInvoicedAt);
            awaitingSince = Map.copyOf(awaitingSince);
        }

        /**
         * Reads what earlier versions stored too: only a {@code raised} flag, no alert. Such an alert is held with
         * no first-seen time, so that it is still resolved once.
         */
        @JsonCreator
        static State read(
                @JsonProperty("alreadyInvoicedAt") List<Instant> alreadyInvoicedAt,
                @JsonProperty("awaitingSince") Map<Long, Instant> awaitingSince,
                @JsonProperty("alert") Held alert,
                @JsonProperty("raised") Boolean raised) {
            Held held =
                    alert == null && Boolean.TRUE.equals(raised) ? new Held(CODE, null, null, null, 1, null) : alert;
            return new State(alreadyInvoicedAt, awaitingSince, held);
        }

        /** Written as well, so that a version rolled back to still sees the raised alert. */
        @JsonProperty("raised")
        public boolean raised() {
            return alert != null;
        }
    }

    /** What a mismatch means and what to do: the alert's sentence and advice. */
    public record Finding(String message, String advice) {}

    /** The result of one evaluation: the state to keep, the change to publish if any, with its advice. */
    public record Verdict(State state, Optional<AlertBook.Transition> publish, String advice) {}

    private MismatchWatch() {}

    public static State onSkip(
            State state, long entityId, SkipReason reason, Instant orderCreatedAt, Instant now, Thresholds thresholds) {
        List<Instant> invoiced = new ArrayList<>(recent(state.alreadyInvoicedAt(), now, thresholds));
        Map<Long, Instant> awaiting = new HashMap<>(state.awaitingSince());
        if (reason == SkipReason.ALREADY_INVOICED) {
            invoiced.add(now);
        }
        if (reason == SkipReason.AWAITING_INVOICE) {
            awaiting.putIfAbsent(entityId, orderCreatedAt);
        } else {
            awaiting.remove(entityId);
        }
        return new State(invoiced, awaiting, state.alert());
    }

    public static State onRelease(State state, long entityId) {
        if (!state.awaitingSince().containsKey(entityId)) {
            return state;
        }
        Map<Long, Instant> awaiting = new HashMap<>(state.awaitingSince());
        awaiting.remove(entityId);
        return new State(state.alreadyInvoicedAt(), awaiting, state.alert());
    }

    /** Whether the alert changes now: raised by a new finding, resolved when the finding is gone. */
    public static Verdict evaluate(State state, DownloadMode mode, Instant now, Thresholds thresholds) {
        Optional<Finding> finding = finding(state, mode, now, thresholds);
        if (finding.isEmpty()) {
            Optional<AlertBook.Transition> resolve = AlertBook.cleared(state.alert());
            return new Verdict(withAlert(state, null), resolve, CODE.advice());
        }
        var seen = AlertBook.seen(state.alert(), CODE, finding.get().message(), now, null);
        return new Verdict(
                withAlert(state, seen.held()), seen.publish(), finding.get().advice());
    }

    /** The mismatch found now, if any. */
    public static Optional<Finding> finding(State state, DownloadMode mode, Instant now, Thresholds thresholds) {
        long invoiced = recent(state.alreadyInvoicedAt(), now, thresholds).size();
        long overdue = state.awaitingSince().values().stream()
                .filter(since -> since.isBefore(now.minus(thresholds.window())))
                .count();
        long hours = thresholds.window().toHours();
        if (mode == DownloadMode.AUTO_INVOICE && invoiced >= thresholds.alreadyInvoicedCount()) {
            return Optional.of(new Finding(
                    invoiced + " orders were skipped in the last " + hours
                            + " hours because Magento had already invoiced them.",
                    SkipReason.ALREADY_INVOICED.advice()));
        }
        if (mode == DownloadMode.WAIT_FOR_INVOICE && overdue > 0) {
            return Optional.of(new Finding(
                    overdue + (overdue == 1 ? " order has" : " orders have") + " waited more than " + hours
                            + " hours for an invoice in Magento.",
                    SkipReason.AWAITING_INVOICE.advice()));
        }
        return Optional.empty();
    }

    private static State withAlert(State state, Held alert) {
        return new State(state.alreadyInvoicedAt(), state.awaitingSince(), alert);
    }

    public static State prune(State state, Instant now, Thresholds thresholds) {
        return new State(recent(state.alreadyInvoicedAt(), now, thresholds), state.awaitingSince(), state.alert());
    }

    private static List<Instant> recent(List<Instant> times, Instant now, Thresholds thresholds) {
        Instant from = now.minus(thresholds.window());
        return times.stream().filter(t -> t.isAfter(from)).toList();
    }
}
