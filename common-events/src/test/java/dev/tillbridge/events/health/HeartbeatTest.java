package dev.tillbridge.events.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    private final AtomicLong nanos = new AtomicLong(1_000);

    @Test
    void aJobSilentForLongerThanAllowedIsStalledAndABeatRevivesIt() {
        Heartbeat heartbeat = new Heartbeat("sync scheduler", Duration.ofSeconds(60), nanos::get);
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(heartbeat.stalled()).as("at the limit").isEmpty();

        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        assertThat(heartbeat.stalled())
                .hasValueSatisfying(why -> assertThat(why).contains("sync scheduler", "75 s", "limit 60 s"));

        heartbeat.beat();
        assertThat(heartbeat.stalled()).isEmpty();
        assertThat(heartbeat.silence()).isZero();
    }
}
