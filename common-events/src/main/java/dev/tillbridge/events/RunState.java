package dev.tillbridge.events;

/** The state of a product run. */
public enum RunState {
    RUNNING,
    COMPLETED,
    FAILED
}
