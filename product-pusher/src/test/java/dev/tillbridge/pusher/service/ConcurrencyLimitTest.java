package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The adaptive limit against a modelled store with {@code workers} PHP workers and a fixed service time:
 * with n saves in flight, each takes service × max(1, n / workers). Round trips are fed to the limiter on a
 * hand-driven clock, so the test is exact and fast.
 */
class ConcurrencyLimitTest {

    private static final long SERVICE_NANOS = 20_000_000L;

    /** Runs {@code rounds} rounds of "fill the window, let each save take the store's time" and returns the limits. */
    private static List<Integer> drive(ConcurrencyLimit limit, AtomicLong clock, int workers, int rounds) {
        List<Integer> limits = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<ConcurrencyLimit.Permit> window = new ArrayList<>();
            limit.tryAcquire().ifPresent(window::add);
            while (true) {
                var permit = limit.tryAcquire();
                if (permit.isEmpty()) {
                    break;
                }
                window.add(permit.get());
            }
            int inFlight = window.size();
            clock.addAndGet(SERVICE_NANOS * Math.max(1, (long) Math.ceil(inFlight / (double) workers)));
            window.forEach(ConcurrencyLimit.Permit::completed);
            limits.add(limit.limit());
        }
        return limits;
    }

    @Test
    void startsLowAndGrowsUntilEveryWorkerOfTheStoreIsBusyWithOnlyAFewWaiting() {
        AtomicLong clock = new AtomicLong();
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(2, 32, clock::get);
        assertThat(limit.limit()).isEqualTo(2);

        List<Integer> limits = drive(limit, clock, 4, 60);

        assertThat(limits.subList(10, 60))
                .as("limits over time: %s", limits)
                .allSatisfy(l -> assertThat(l).isBetween(4, 4 + ConcurrencyLimit.BETA + 1));
    }

    @Test
    void followsAStoreThatLostHalfItsWorkersDownToAFewWaiting() {
        AtomicLong clock = new AtomicLong();
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(2, 32, clock::get);
        drive(limit, clock, 8, 60);

        List<Integer> after = drive(limit, clock, 4, 60);

        assertThat(after.subList(20, 60))
                .as("limits after halving: %s", after)
                .allSatisfy(l -> assertThat(l).isBetween(4, 4 + ConcurrencyLimit.BETA + 1));
    }

    @Test
    void everyDroppedSaveTakesOneOffAndAFast503IsNoLatencySample() {
        AtomicLong clock = new AtomicLong(1_000);
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(2, 32, clock::get);
        drive(limit, clock, 8, 30);
        int before = limit.limit();
        List<ConcurrencyLimit.Permit> window = new ArrayList<>();
        for (var permit = limit.tryAcquire(); permit.isPresent(); permit = limit.tryAcquire()) {
            window.add(permit.get());
        }
        assertThat(window).as("never more than the limit in flight").hasSize(before);

        clock.addAndGet(1_000_000);
        window.subList(0, 3).forEach(ConcurrencyLimit.Permit::dropped);
        assertThat(limit.limit()).isEqualTo(before - 3);
        window.subList(3, window.size()).forEach(ConcurrencyLimit.Permit::dropped);
        assertThat(limit.limit()).isEqualTo(1);

        List<Integer> after = drive(limit, clock, 8, 30);
        assertThat(after.get(29))
                .as("a 1 ms 503 did not become the store's no-load time: %s", after)
                .isGreaterThanOrEqualTo(8);
    }

    @Test
    void dropsBeforeAnySuccessfulSaveLeaveTheLimitToThePause() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(2, 32);
        limit.tryAcquire().orElseThrow().dropped();
        limit.tryAcquire().orElseThrow().dropped();
        assertThat(limit.limit()).isEqualTo(2);
    }

    @Test
    void afterDropsTheLimitClimbsBackWhileSavesSucceed() {
        AtomicLong clock = new AtomicLong(1_000);
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(2, 32, clock::get);
        drive(limit, clock, 4, 30);
        List<ConcurrencyLimit.Permit> window = new ArrayList<>();
        limit.tryAcquire().ifPresent(window::add);
        clock.addAndGet(1_000_000);
        window.forEach(ConcurrencyLimit.Permit::dropped);
        int cut = limit.limit();

        List<Integer> limits = drive(limit, clock, 4, 60);

        assertThat(limits.get(59))
                .as("limits after the cut to %d: %s", cut, limits)
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void aFixedLimitIsAFixedLimit() {
        ConcurrencyLimit limit = ConcurrencyLimit.fixed(3);
        for (int i = 0; i < 3; i++) {
            limit.tryAcquire().orElseThrow().dropped();
        }
        assertThat(limit.limit()).isEqualTo(3);
    }
}
