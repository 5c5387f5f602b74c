package dev.tillbridge.filter.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.order.OrderSnapshot;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The exactly-once rule on top of the Download Mode: given what is remembered of an order and a newly
 * observed version, what to publish and what to remember. An order is released once; after that every
 * version (the poll that sees our own invoice, overlap repeats, redeliveries) changes nothing. A final
 * skip stays; a not-final one is decided again; a skip is published only when its reason changes. A first
 * sighting of an order that may have been released and forgotten is never released on its own
 * ({@link OrderRetention}).
 */
public final class OrderLedger {

    private OrderLedger() {}

    /** What to publish for one observation; {@code next} is what to remember afterwards. */
    public record Step(OrderRecord next, Optional<Effect> effect) {

        /**
         * Whether {@code next} differs from what was remembered: repeats (overlap re-reads, redeliveries,
         * a replayed cycle) change nothing, and writing them again would cost a JSON encoding of the whole
         * snapshot, a store write and a changelog record each. When it was written does not count: a repeat
         * does not extend the order's retention.
         */
        public boolean changes(OrderRecord prior) {
            return !next.sameAs(prior);
        }
    }

    public sealed interface Effect {
        /**
         * {@code priorSkip} is the skip this order had before, or null if it was never skipped. The mismatch
         * watch only remembers skipped orders, so a release of a never-skipped one (most of them) has nothing
         * to tell it; the caller uses this to spare that work.
         */
        record Release(OrderSnapshot order, boolean redownload, SkipReason priorSkip) implements Effect {

            public boolean endsASkip() {
                return priorSkip != null;
            }
        }

        record RecordSkip(SkipReason reason, OrderSnapshot order) implements Effect {}
    }

    public static Step observe(OrderRecord prior, OrderSnapshot order, IntegrationConfigured integration) {
        return observe(prior, order, integration, null);
    }

    /**
     * {@code forgottenUpTo} is the retention mark of the order's integration in its partition (null when this
     * partition forgot none of its orders): a first sighting of an order created at or before it may be an
     * order released and forgotten, and is skipped for good ({@link OrderRetention}).
     */
    public static Step observe(
            OrderRecord prior, OrderSnapshot order, IntegrationConfigured integration, Instant forgottenUpTo) {
        if (prior == null && OrderRetention.mayHaveBeenForgotten(order, forgottenUpTo)) {
            return new Step(
                    new OrderRecord(false, SkipReason.PAST_RETENTION, order),
                    Optional.of(new Effect.RecordSkip(SkipReason.PAST_RETENTION, order)));
        }
        if (prior != null
                && prior.latest() != null
                && order.updatedAt().isBefore(prior.latest().updatedAt())) {
            // A stale version (an invoice re-read racing the order search): the newer one was already decided.
            return new Step(prior, Optional.empty());
        }
        if (prior != null && prior.released()) {
            return new Step(new OrderRecord(true, prior.lastSkip(), order, prior.redownloads()), Optional.empty());
        }
        if (prior != null && prior.lastSkip() != null && prior.lastSkip().isFinal()) {
            return new Step(new OrderRecord(false, prior.lastSkip(), order, prior.redownloads()), Optional.empty());
        }
        Decision decision = DownloadDecision.decide(order, integration);
        if (decision instanceof Decision.Skip skip) {
            boolean changed = prior == null || prior.lastSkip() != skip.reason();
            return new Step(
                    new OrderRecord(false, skip.reason(), order, prior == null ? null : prior.redownloads()),
                    changed ? Optional.of(new Effect.RecordSkip(skip.reason(), order)) : Optional.empty());
        }
        SkipReason priorSkip = prior == null ? null : prior.lastSkip();
        return new Step(
                new OrderRecord(true, priorSkip, order, prior == null ? null : prior.redownloads()),
                Optional.of(new Effect.Release(order, false, priorSkip)));
    }

    /**
     * An operator's re-download: the newest snapshot goes out again, whatever was decided before; once per
     * request, so a request delivered again (same envelope id) is a step without effect.
     *
     * @return empty when the order was never seen
     */
    public static Optional<Step> redownload(OrderRecord prior, UUID requestId) {
        if (prior == null || prior.latest() == null) {
            return Optional.empty();
        }
        if (prior.honoured(requestId)) {
            return Optional.of(new Step(prior, Optional.empty()));
        }
        return Optional.of(new Step(
                prior.honouring(requestId), Optional.of(new Effect.Release(prior.latest(), true, prior.lastSkip()))));
    }
}
