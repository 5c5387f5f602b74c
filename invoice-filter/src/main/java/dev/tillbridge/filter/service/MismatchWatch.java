package dev.tillbridge.filter.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.SkipReason;
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
 * or orders waiting more than a day for an invoice that never comes. Plain Java; the state is kept per
 * integration by the caller.
 */
public final class MismatchWatch {

    /** Thresholds: {@code alreadyInvoicedCount} skips within {@code window}, or an order awaiting longer than it. */
    public record Thresholds(int alreadyInvoicedCount, Duration window) {
        public static final Thresholds DEFAULT = new Thresholds(5, Duration.ofHours(24));
    }

    /** Per integration: when recent ALREADY_INVOICED skips happened, since when orders await an invoice. */
    public record State(List<Instant> alreadyInvoicedAt, Map<Long, Instant> awaitingSince, boolean raised) {
        public static final State EMPTY = new State(List.of(), Map.of(), false);

        public State {
            alreadyInvoicedAt = List.copyOf(alreadyInvoicedAt);
            awaitingSince = Map.copyOf(awaitingSince);
        }
    }

    /** A change of the alert: raise with this sentence, or resolve. */
    public record Transition(boolean raise, String message, String advice) {}

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
        return new State(invoiced, awaiting, state.raised());
    }

    public static State onRelease(State state, long entityId) {
        if (!state.awaitingSince().containsKey(entityId)) {
            return state;
        }
        Map<Long, Instant> awaiting = new HashMap<>(state.awaitingSince());
        awaiting.remove(entityId);
        return new State(state.alreadyInvoicedAt(), awaiting, state.raised());
    }

    /** Whether the alert should change now; the returned state records the new raised flag. */
    public static Optional<Transition> evaluate(State state, DownloadMode mode, Instant now, Thresholds thresholds) {
        long invoiced = recent(state.alreadyInvoicedAt(), now, thresholds).size();
        long overdue = state.awaitingSince().values().stream()
                .filter(since -> since.isBefore(now.minus(thresholds.window())))
                .count();
        long hours = thresholds.window().toHours();
        Transition raise = null;
        if (mode == DownloadMode.AUTO_INVOICE && invoiced >= thresholds.alreadyInvoicedCount()) {
            raise = new Transition(
                    true,
                    invoiced + " orders were skipped in the last " + hours
                            + " hours because Magento had already invoiced them.",
                    SkipReason.ALREADY_INVOICED.advice());
        } else if (mode == DownloadMode.WAIT_FOR_INVOICE && overdue > 0) {
            raise = new Transition(
                    true,
                    overdue + (overdue == 1 ? " order has" : " orders have") + " waited more than " + hours
                            + " hours for an invoice in Magento.",
                    SkipReason.AWAITING_INVOICE.advice());
        }
        if (raise != null) {
            return Optional.of(raise);
        }
        return state.raised()
                ? Optional.of(new Transition(false, null, AlertCode.DOWNLOAD_MODE_MISMATCH.advice()))
                : Optional.empty();
    }

    public static State withRaised(State state, boolean raised) {
        return new State(state.alreadyInvoicedAt(), state.awaitingSince(), raised);
    }

    public static State prune(State state, Instant now, Thresholds thresholds) {
        return new State(recent(state.alreadyInvoicedAt(), now, thresholds), state.awaitingSince(), state.raised());
    }

    private static List<Instant> recent(List<Instant> times, Instant now, Thresholds thresholds) {
        Instant from = now.minus(thresholds.window());
        return times.stream().filter(t -> t.isAfter(from)).toList();
    }
}
