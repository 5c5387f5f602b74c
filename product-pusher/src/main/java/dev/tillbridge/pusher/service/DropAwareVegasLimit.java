package dev.tillbridge.pusher.service;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import java.util.function.Consumer;

/**
 * Netflix's {@link VegasLimit}, fed so that a dropped save cannot poison it; through the library's own
 * extension point (a {@link Limit} decorator, like its {@code TracingLimitDecorator}).
 *
 * <p>Vegas reads every sample's round trip before it looks at the drop flag: a sample faster than any seen
 * becomes its "no-load" round trip and is otherwise ignored. A 503 from a proxy, a refused connection or a
 * lost lock comes back faster than a real save, so handed over as it is it would either be skipped (no
 * decrease at all) or set the no-load time so low that every later save looks queued and the limit sinks
 * for good. So a drop is handed to Vegas with a round trip no shorter than the fastest successful save: Vegas
 * then applies its decrease (one per dropped save, so a window that is mostly refused shrinks by most of
 * itself). Before the first successful save there is no such round trip; drops then only pause the lane.
 */
final class DropAwareVegasLimit implements Limit {

    private final VegasLimit latency;
    private volatile long fastestSave = Long.MAX_VALUE;

    DropAwareVegasLimit(VegasLimit latency) {
        this.latency = latency;
    }

    @Override
    public int getLimit() {
        return latency.getLimit();
    }

    @Override
    public void notifyOnChange(Consumer<Integer> consumer) {
        latency.notifyOnChange(consumer);
    }

    @Override
    public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
        if (!didDrop) {
            if (rtt < fastestSave) {
                fastestSave = rtt;
            }
            latency.onSample(startTime, rtt, inflight, false);
        } else if (fastestSave != Long.MAX_VALUE) {
            latency.onSample(startTime, Math.max(rtt, fastestSave + 1), inflight, true);
        }
    }

    @Override
    public String toString() {
        return "DropAwareVegasLimit[" + latency + "]";
    }
}
