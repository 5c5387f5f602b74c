package dev.tillbridge.simulator.fault;

/**
 * The faults that hit one request: a delay to add, at most one rule that replaces the answer, and whether the
 * body is cut off.
 */
public record RequestFaults(long latencyMs, FaultRule replacement, boolean truncate) {

    static final RequestFaults NONE = new RequestFaults(0, null, false);
}
