package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15));

    @Test
    void doublesWithEachFailedProbeUpToTheMaximum() {
        assertThat(backoff.pause(1, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.pause(2, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.pause(4, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.pause(9, Optional.empty(), () -> 0.5)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void jitterStaysWithinAFifthEitherWay() {
        assertThat(backoff.pause(3, Optional.empty(), () -> 0.0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.pause(3, Optional.empty(), () -> 1.0)).isEqualTo(Duration.ofMillis(4800));
    }

    @Test
    void aLongerRetryAfterWinsButNotForever() {
        assertThat(backoff.pause(1, Optional.of(Duration.ofSeconds(30)), () -> 0.5))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.pause(4, Optional.of(Duration.ofSeconds(1)), () -> 0.5))
                .isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.pause(1, Optional.of(Duration.ofDays(1)), () -> 0.5)).isEqualTo(Backoff.RETRY_AFTER_CAP);
    }
}
