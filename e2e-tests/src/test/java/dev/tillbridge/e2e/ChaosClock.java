package dev.tillbridge.e2e;

/**
 * The chaos phase's own time: wall time less the time spent waiting for a killed service to be ready again. The
 * blows, the invoices and the product updates are all scheduled on it, so on a loaded machine, where one restart
 * can take minutes, they are delayed alike: the database and broker faults still fall while orders and product
 * updates flow, and the phase still holds every blow.
 */
final class ChaosClock {

    private final long startNanos = System.nanoTime();
    private long heldNanos;
    private long heldSince = -1;

    /** Milliseconds of chaos so far. */
    synchronized long elapsedMs() {
        long now = System.nanoTime();
        long held = heldNanos + (heldSince < 0 ? 0 : now - heldSince);
        return (now - startNanos - held) / 1_000_000;
    }

    /** Stops the clock (a killed service is being started again). */
    synchronized void hold() {
        if (heldSince < 0) {
            heldSince = System.nanoTime();
        }
    }

    /** Lets it run again. */
    synchronized void release() {
        if (heldSince >= 0) {
            heldNanos += System.nanoTime() - heldSince;
            heldSince = -1;
        }
    }

    /** Returns once the chaos has lasted {@code chaosMs}. */
    void sleepUntil(long chaosMs) {
        for (long left = chaosMs - elapsedMs();
                left > 0 && !Thread.currentThread().isInterrupted();
                left = chaosMs - elapsedMs()) {
            ServiceProcess.sleep(Math.min(left, 200));
        }
    }
}
