package dev.tillbridge.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void theWaitDoublesAfterEachFailureUpToTheMaximum() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(10));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(backoff.after(6)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.after(1_000)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aMaximumBelowTheFirstWaitIsRefused() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
