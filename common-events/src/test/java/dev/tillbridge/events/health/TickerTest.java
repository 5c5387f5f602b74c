package dev.tillbridge.events.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickerTest {

    /** Far more than any round here needs, even on a loaded machine: only reached when the ticker is broken. */
    private static final long WAIT_SECONDS = 30;

    @Test
    void aRoundThatFailsIsFollowedByTheNext() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch threeRounds = new CountDownLatch(3);
        try (Ticker ignored = Ticker.start("test job", Duration.ZERO, Duration.ofMillis(50), () -> {
            threeRounds.countDown();
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("the first round fails");
            }
        })) {
            assertThat(threeRounds.await(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("rounds after a failed one")
                    .isTrue();
        }
    }

    @Test
    void closeLetsTheRunningRoundFinishAndStartsNoOther() throws InterruptedException {
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger rounds = new AtomicInteger();
        Ticker ticker = Ticker.start("test job", Duration.ZERO, Duration.ofMillis(10), () -> {
            rounds.incrementAndGet();
            inRound.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            finished.set(true);
        });
        assertThat(inRound.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        Thread closing = new Thread(ticker::close);
        closing.start();
        // Released only once close() waits for the round: shut-down has been asked by then.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (closing.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        release.countDown();
        closing.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertThat(closing.isAlive()).as("close returned").isFalse();
        assertThat(finished)
                .as("the round in flight finished before close returned")
                .isTrue();
        assertThat(rounds).as("no round started after close").hasValue(1);
    }
}
