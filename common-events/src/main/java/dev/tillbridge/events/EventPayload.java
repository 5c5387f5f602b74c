package dev.tillbridge.events;

/** A payload that knows its envelope {@code type}. */
public interface EventPayload {
    String eventType();
}
