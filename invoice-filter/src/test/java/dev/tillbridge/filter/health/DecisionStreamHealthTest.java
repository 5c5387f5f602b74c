package dev.tillbridge.filter.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.filter.messaging.StreamsCondition;
import dev.tillbridge.filter.messaging.StreamsWatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** A filter whose decision stream died is neither ready nor alive, and its health says why. */
class DecisionStreamHealthTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void aStreamThatDiedOnAnOutOfRangeOffsetIsNotReadyNotAliveAndNamesTheCause() {
        StreamsWatch watch = new StreamsWatch(Clock.fixed(T0, ZoneOffset.UTC));
        var ready = new DecisionStreamHealth.Ready(watch);
        var alive = new DecisionStreamHealth.Alive(watch);

        watch.onChange(State.REBALANCING, State.CREATED);
        watch.onChange(State.RUNNING, State.REBALANCING);
        assertThat(ready.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        watch.handle(new StreamsException(
                "Updating global state failed.",
                new OffsetOutOfRangeException(
                        "Fetch position FetchPosition{offset=640} is out of range for partition integrations-0")));
        watch.onChange(State.PENDING_ERROR, State.RUNNING);
        watch.onChange(State.ERROR, State.PENDING_ERROR);

        HealthCheckResponse readiness = ready.call();
        assertThat(readiness.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(alive.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(readiness.getData().orElseThrow())
                .containsEntry("state", "ERROR")
                .hasEntrySatisfying(
                        "error", e -> assertThat((String) e).contains("OffsetOutOfRangeException", "integrations-0"))
                .hasEntrySatisfying("reason", r -> assertThat((String) r).contains("no order is decided"));
    }

    @Test
    void aStartingStreamIsAliveButNotReadyAndARebalanceKeepsItReady() {
        StreamsWatch watch = new StreamsWatch(Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(new DecisionStreamHealth.Ready(watch).call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(new DecisionStreamHealth.Alive(watch).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        watch.onChange(State.RUNNING, State.REBALANCING);
        watch.onChange(State.REBALANCING, State.RUNNING);
        assertThat(new DecisionStreamHealth.Ready(watch).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void theStallCountsFromWhenTheStreamStopped() {
        StreamsCondition stopped = new StreamsCondition(State.ERROR, T0, "boom");
        assertThat(stopped.stoppedFor(T0.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(new StreamsCondition(State.RUNNING, T0, null).stoppedFor(T0.plusSeconds(90)))
                .isZero();
    }
}
