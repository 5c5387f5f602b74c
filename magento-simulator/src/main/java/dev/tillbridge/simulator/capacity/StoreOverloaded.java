package dev.tillbridge.simulator.capacity;

/** The store cannot take the request: its queue is full, or the request waited longer than the queue timeout. */
public final class StoreOverloaded extends Exception {

    public enum Reason {
        QUEUE_FULL,
        QUEUE_TIMEOUT
    }

    private final Reason reason;

    StoreOverloaded(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
