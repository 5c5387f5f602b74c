package dev.tillbridge.pusher.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one thread that hands waiting products to the workers, lane by lane, by PUT or by bulk, while each
 * integration's concurrency limit and pause allow; it sleeps until woken or until the nearest pause ends.
 */
final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Map<String, IntegrationLane> lanes;
    private final Workers workers;
    private final PutSender puts;
    private final BulkSender bulk;
    private final Thread thread;

    Dispatcher(Map<String, IntegrationLane> lanes, Workers workers, PutSender puts, BulkSender bulk) {
        this.lanes = lanes;
        this.workers = workers;
        this.puts = puts;
        this.bulk = bulk;
        this.thread = Workers.daemon("product-pusher-dispatch").newThread(this::loop);
    }

    void start() {
        thread.start();
    }

    boolean alive() {
        return thread.isAlive();
    }

    void join(Duration grace) throws InterruptedException {
        thread.join(grace.toMillis());
    }

    private void loop() {
        while (workers.running()) {
            long now = System.nanoTime();
            long waitNanos = IDLE_WAIT_NANOS;
            for (IntegrationLane lane : lanes.values()) {
                if (!lane.pending().hasWaiting()) {
                    continue;
                }
                if (lane.paused(now)) {
                    waitNanos = Math.min(waitNanos, Math.max(1_000_000L, lane.pausedUntilNanos() - now));
                    continue;
                }
                try {
                    if (bulk.usesBulk(lane)) {
                        bulk.dispatch(lane);
                    } else {
                        puts.dispatch(lane);
                    }
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Integration %s: dispatch failed", lane.integrationId());
                }
            }
            workers.awaitWork(waitNanos);
        }
    }
}
