package dev.tillbridge.notifier.service;

import dev.tillbridge.events.health.Heartbeat;
import dev.tillbridge.notifier.config.NotifierConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tick: every {@code tillbridge.notifier.tick} the dispatcher sends whatever is due. Ticks of one process
 * never overlap; ticks of several replicas may, and the database claims keep them apart.
 */
@ApplicationScoped
public class DueMailSchedule {

    public static final String IDENTITY = "notifier-due-mail";

    private final DueMailDispatcher dispatcher;
    private final Clock clock;
    private final AtomicLong completed = new AtomicLong();
    /** Held for a whole tick, so that {@link #hold()} returns only once no tick of this process is sending. */
    private final ReentrantLock turn = new ReentrantLock();

    private volatile boolean held;
    private final AtomicReference<Instant> lastCompletedTickStart = new AtomicReference<>(Instant.MIN);

    private final Heartbeat heartbeat;

    public DueMailSchedule(DueMailDispatcher dispatcher, Clock clock, NotifierConfig config) {
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.heartbeat = new Heartbeat("due-mail scheduler", config.stallAfter());
    }

    @Scheduled(
            identity = IDENTITY,
            every = "${tillbridge.notifier.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before start-up has finished (emitters connected) nor while shutting down (beans closing).
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        turn.lock();
        Instant startedAt = clock.instant();
        try {
            if (!held) {
                dispatcher.sendDue();
            }
        } finally {
            lastCompletedTickStart.set(startedAt);
            completed.incrementAndGet();
            heartbeat.beat();
            turn.unlock();
        }
    }

    /**
     * Stops this process from sending: returns once a tick in progress has finished, and later ticks send nothing
     * until {@link #release()}. The scheduler's own pause is not enough for that: a tick it fired just before
     * the pause may still be waiting for a thread, and would send afterwards.
     */
    public void hold() {
        turn.lock();
        try {
            held = true;
        } finally {
            turn.unlock();
        }
    }

    public void release() {
        held = false;
    }

    /** Ticks finished since start (a method, not a field: callers go through the CDI proxy). */
    public long completedTicks() {
        return completed.get();
    }

    /** The clock's time when the last finished tick began: everything due by then has been dealt with. */
    public Instant lastCompletedTickStart() {
        return lastCompletedTickStart.get();
    }

    /** The tick's pulse, for health (real time, not the notifier's clock). */
    public Heartbeat heartbeat() {
        return heartbeat;
    }
}
