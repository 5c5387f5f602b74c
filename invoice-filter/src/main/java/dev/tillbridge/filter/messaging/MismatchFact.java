package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.SkipReason;
import java.time.Instant;

/**
 * What the mismatch watch needs to know about one decision, on invoice-filter's internal topic keyed by
 * integration: a skip (with its reason and the order's creation time) or a release.
 */
record MismatchFact(long entityId, SkipReason skipReason, Instant orderCreatedAt, Instant at) {

    boolean isRelease() {
        return skipReason == null;
    }
}
