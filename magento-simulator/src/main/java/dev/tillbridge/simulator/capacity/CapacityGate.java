package dev.tillbridge.simulator.capacity;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Models a store's PHP workers: at most {@code workers} requests in service, the rest waiting first come, first
 * served in a bounded line. A worker stays busy for the request's service time (slept while holding the slot), so
 * throughput tends to workers / service time. Settings can change at any moment; waiting requests see the change.
 */
public final class CapacityGate {

    private CapacitySettings settings;
    private int busy;
    private int waitingRequests;
    private final ArrayDeque<Object> line = new ArrayDeque<>();

    public CapacityGate(CapacitySettings initial) {
        this.settings = initial;
    }

    public synchronized CapacitySettings settings() {
        return settings;
    }

    public synchronized void update(CapacitySettings next) {
        settings = next;
        notifyAll();
    }

    /** For a web request: waits in line within the queue limit and timeout, or is refused. */
    public Admission admit() throws StoreOverloaded {
        return acquire(true);
    }

    /**
     * For the bulk consumer, which shares the store's workers but is not a web request: it waits as long as it
     * takes and does not count against the web queue limit.
     */
    public Admission admitBackground() {
        try {
            return acquire(false);
        } catch (StoreOverloaded e) {
            throw new IllegalStateException("background admission is never refused", e);
        }
    }

    private synchronized Admission acquire(boolean webRequest) throws StoreOverloaded {
        if (settings.isUnlimited()) {
            return new Admission(this, false);
        }
        if (line.isEmpty() && busy < settings.workers()) {
            busy++;
            return new Admission(this, true);
        }
        if (webRequest && waitingRequests >= settings.queueLimit()) {
            throw new StoreOverloaded(StoreOverloaded.Reason.QUEUE_FULL);
        }
        Object ticket = new Object();
        line.addLast(ticket);
        if (webRequest) {
            waitingRequests++;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.queueTimeoutMs());
        try {
            while (true) {
                if (settings.isUnlimited()) {
                    return new Admission(this, false);
                }
                if (line.peekFirst() == ticket && busy < settings.workers()) {
                    busy++;
                    return new Admission(this, true);
                }
                long remaining = deadline - System.nanoTime();
                if (webRequest && remaining <= 0) {
                    throw new StoreOverloaded(StoreOverloaded.Reason.QUEUE_TIMEOUT);
                }
                long waitMs = webRequest ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)) : 200;
                try {
                    wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreOverloaded(StoreOverloaded.Reason.QUEUE_TIMEOUT);
                }
            }
        } finally {
            line.remove(ticket);
            if (webRequest) {
                waitingRequests--;
            }
            notifyAll();
        }
    }

    public synchronized int busyWorkers() {
        return busy;
    }

    public synchronized int waiting() {
        return line.size();
    }

    private synchronized void release() {
        busy--;
        notifyAll();
    }

    /** A worker slot (or none, when capacity is unlimited). Close it once the response is ready. */
    public static final class Admission implements AutoCloseable {

        private final CapacityGate gate;
        private final boolean holdsWorker;
        private final long admittedAt = System.nanoTime();
        private boolean released;

        private Admission(CapacityGate gate, boolean holdsWorker) {
            this.gate = gate;
            this.holdsWorker = holdsWorker;
        }

        /** Keeps the worker busy until {@code serviceTime} has passed since admission. */
        public void serve(Duration serviceTime) {
            long remainingNanos = serviceTime.toNanos() - (System.nanoTime() - admittedAt);
            if (remainingNanos > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(remainingNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void close() {
            if (holdsWorker && !released) {
                released = true;
                gate.release();
            }
        }
    }
}
