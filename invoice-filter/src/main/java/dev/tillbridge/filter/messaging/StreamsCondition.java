package dev.tillbridge.filter.messaging;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The decision stream's state, since when, and the error that stopped it (if any). Plain value: the health
 * checks and the stall alert decide from it.
 *
 * <ul>
 *   <li><b>ready</b>: running or rebalancing (a rebalance is a pause, not a failure);</li>
 *   <li><b>stopped</b>: ERROR or PENDING_ERROR: it will not decide another order in this process. Liveness goes
 *       DOWN so Kubernetes restarts the pod; a restart rebuilds whatever state was bad.</li>
 *   <li>CREATED (starting), PENDING_SHUTDOWN and NOT_RUNNING (the process is closing it) are neither: not ready,
 *       but not a failure.</li>
 * </ul>
 */
public record StreamsCondition(KafkaStreams.State state, Instant since, String error) {

    public static StreamsCondition created(Instant now) {
        return new StreamsCondition(KafkaStreams.State.CREATED, now, null);
    }

    StreamsCondition moved(KafkaStreams.State next, Instant now) {
        return next == state ? this : new StreamsCondition(next, now, next.isRunningOrRebalancing() ? null : error);
    }

    StreamsCondition failed(String why) {
        return new StreamsCondition(state, since, why);
    }

    public boolean ready() {
        return state.isRunningOrRebalancing();
    }

    public boolean stopped() {
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    }

    /** How long it has been stopped at {@code now}; zero while it is not. */
    public Duration stoppedFor(Instant now) {
        return stopped() ? Duration.between(since, now) : Duration.ZERO;
    }

    /** The sentence health and the logs show. */
    public String describe() {
        String text = "Kafka Streams " + state + " since " + since;
        return error == null ? text : text + ": " + error;
    }
}
