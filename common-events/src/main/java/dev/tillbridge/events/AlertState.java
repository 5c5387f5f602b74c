package dev.tillbridge.events;

public enum AlertState {
    RAISED,
    RESOLVED
}
