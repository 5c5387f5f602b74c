package dev.tillbridge.simulator.capacity;

import java.time.Duration;

/**
 * A store's capacity: {@code workers} requests are served at once (0 = unlimited, the default, so functional
 * tests never wait); up to {@code queueLimit} more wait in line, each at most {@code queueTimeoutMs}. A request
 * finding the line full, or waiting too long, is answered {@code overloadStatus} (503) with the HTML page of the
 * proxy in front of a struggling store and, if set, {@code Retry-After}. Missing values take the defaults.
 */
public record CapacitySettings(
        Integer workers,
        Integer queueLimit,
        Long queueTimeoutMs,
        ServiceTimes serviceTimes,
        Integer overloadStatus,
        Integer retryAfterSeconds) {

    public CapacitySettings {
        workers = workers == null ? 0 : workers;
        queueLimit = queueLimit == null ? 50 : queueLimit;
        queueTimeoutMs = queueTimeoutMs == null ? 30_000L : queueTimeoutMs;
        serviceTimes = serviceTimes == null ? ServiceTimes.none() : serviceTimes;
        overloadStatus = overloadStatus == null ? 503 : overloadStatus;
        if (workers < 0 || queueLimit < 0 || queueTimeoutMs < 0) {
            throw new IllegalArgumentException("workers, queue_limit and queue_timeout_ms must not be negative");
        }
    }

    public static CapacitySettings unlimited() {
        return new CapacitySettings(0, null, null, null, null, null);
    }

    public static CapacitySettings workers(int workers, Duration serviceTimePerRequest) {
        return new CapacitySettings(workers, null, null, ServiceTimes.perRequest(serviceTimePerRequest), null, null);
    }

    public boolean isUnlimited() {
        return workers == 0;
    }

    public CapacitySettings withQueue(int limit, Duration timeout) {
        return new CapacitySettings(
                workers, limit, timeout.toMillis(), serviceTimes, overloadStatus, retryAfterSeconds);
    }

    public CapacitySettings withServiceTimes(ServiceTimes times) {
        return new CapacitySettings(workers, queueLimit, queueTimeoutMs, times, overloadStatus, retryAfterSeconds);
    }

    public CapacitySettings withRetryAfter(int seconds) {
        return new CapacitySettings(workers, queueLimit, queueTimeoutMs, serviceTimes, overloadStatus, seconds);
    }
}
