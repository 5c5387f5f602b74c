package dev.tillbridge.events.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The pulse of a periodic job (a scheduler's tick): the job beats when a round completes, and health asks whether
 * it has been silent for too long. A stuck tick (a call that never returns, a lock never granted) otherwise looks
 * exactly like a quiet one: the process answers, nothing happens. Real elapsed time (a monotonic clock), never the
 * domain clock, which tests freeze.
 */
public final class Heartbeat {

    private final String job;
    private final Duration maxSilence;
    private final LongSupplier nanoTime;
    private volatile long lastBeat;

    public Heartbeat(String job, Duration maxSilence) {
        this(job, maxSilence, System::nanoTime);
    }

    Heartbeat(String job, Duration maxSilence, LongSupplier nanoTime) {
        this.job = Objects.requireNonNull(job);
        this.maxSilence = Objects.requireNonNull(maxSilence);
        this.nanoTime = nanoTime;
        this.lastBeat = nanoTime.getAsLong();
    }

    /** A round of the job completed (successfully or not: it is alive and will run again). */
    public void beat() {
        lastBeat = nanoTime.getAsLong();
    }

    public String job() {
        return job;
    }

    /** How long since the last beat (or since start, before the first). */
    public Duration silence() {
        return Duration.ofNanos(nanoTime.getAsLong() - lastBeat);
    }

    /** Why the job counts as stalled, if it does: silent for longer than allowed. */
    public Optional<String> stalled() {
        Duration silence = silence();
        if (silence.compareTo(maxSilence) <= 0) {
            return Optional.empty();
        }
        return Optional.of("The " + job + " has not completed a round for " + silence.toSeconds() + " s (limit "
                + maxSilence.toSeconds() + " s): it is stuck, and nothing it does happens until the process restarts.");
    }

    /** The health answer for this job: DOWN with the reason once it is stalled, with the silence either way. */
    public HealthCheckResponse health(String checkName) {
        Optional<String> stalled = stalled();
        var response = HealthCheckResponse.named(checkName)
                .status(stalled.isEmpty())
                .withData("lastTickSecondsAgo", silence().toSeconds());
        stalled.ifPresent(reason -> response.withData("reason", reason));
        return response.build();
    }
}
