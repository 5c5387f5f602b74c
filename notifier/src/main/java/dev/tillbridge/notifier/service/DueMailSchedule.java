package dev.tillbridge.notifier.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicReference<Instant> lastCompletedTickStart = new AtomicReference<>(Instant.MIN);

    public DueMailSchedule(DueMailDispatcher dispatcher, Clock clock) {
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Scheduled(identity = IDENTITY, every = "${tillbridge.notifier.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before start-up has finished (emitters connected) nor while shutting down (beans closing).
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        ticking.set(true);
        Instant startedAt = clock.instant();
        try {
            dispatcher.sendDue();
        } finally {
            ticking.set(false);
            lastCompletedTickStart.set(startedAt);
            completed.incrementAndGet();
        }
    }

    /** Ticks finished since start (a method, not a field: callers go through the CDI proxy). */
    public long completedTicks() {
        return completed.get();
    }

    /** The clock's time when the last finished tick began: everything due by then has been dealt with. */
    public Instant lastCompletedTickStart() {
        return lastCompletedTickStart.get();
    }

    public boolean isTicking() {
        return ticking.get();
    }
}
