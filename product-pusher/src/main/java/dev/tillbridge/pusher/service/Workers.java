package dev.tillbridge.pusher.service;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that make the blocking Magento calls, and the signal that wakes the dispatcher when a send
 * ended or products arrived. Whether the pusher is running is kept here too: every loop that waits on
 * Magento or the database asks it.
 */
final class Workers {

    private final ThreadPoolExecutor pool;
    private final Object wakeUp = new Object();
    private boolean woken;
    private volatile boolean running;

    Workers(int threads) {
        this.pool = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("product-pusher-worker"));
        this.pool.allowCoreThreadTimeOut(true);
    }

    void start() {
        running = true;
    }

    boolean running() {
        return running;
    }

    void execute(Runnable work) {
        pool.execute(work);
    }

    /** Tells the dispatcher to look at the lanes now rather than at the end of its wait. */
    void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    /** The dispatcher's wait: up to {@code nanos}, or until woken. */
    void awaitWork(long nanos) {
        synchronized (wakeUp) {
            if (!woken) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /** Stops taking work; the caller then waits for the dispatcher and {@link #drain}s the sends in flight. */
    void stop() {
        running = false;
        wake();
    }

    void drain(Duration grace) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
