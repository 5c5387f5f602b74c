package dev.tillbridge.status.service;

import java.time.Instant;

/**
 * Since when Magento has had an order change that no successful sync has covered yet: the input of
 * SYNC_STALLED's first condition.
 *
 * <p>The watermark is the window end of the last successful cycle; Magento's newest {@code updated_at}
 * comes with every ended cycle. When the newest is after the watermark, a change is waiting; the moment
 * it was first seen is kept (not moved by newer changes, or a busy store would never look stalled) until a
 * successful cycle's window reaches it.
 */
public final class SyncCoverage {

    private SyncCoverage() {}

    public static Instant behindSince(Instant previous, Instant watermark, Instant magentoNewest) {
        Instant behind = previous;
        if (behind != null && watermark != null && !watermark.isBefore(behind)) {
            behind = null;
        }
        if (behind == null && magentoNewest != null && (watermark == null || magentoNewest.isAfter(watermark))) {
            behind = magentoNewest;
        }
        return behind;
    }

    public static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
