package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateOverTheLastTenSecondsAndTimeLeft() {
        RateWindow window = new RateWindow(Duration.ofSeconds(10));
        assertThat(window.perSecond()).isZero();
        assertThat(window.etaSeconds(100)).isNull();
        for (int s = 0; s <= 20; s++) {
            // 50/s for the first 10 s, then 200/s.
            window.sample(s * SECOND, s <= 10 ? s * 50 : 500 + (s - 10) * 200);
        }
        assertThat(window.perSecond()).isEqualTo(200.0);
        assertThat(window.etaSeconds(1000)).isEqualTo(5L);
        assertThat(window.etaSeconds(0)).isZero();
    }
}
