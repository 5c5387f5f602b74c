package dev.tillbridge.events;

/**
 * A record that cannot be read as a Tillbridge event: not JSON, an unknown type, or a required field
 * missing. It is never retried; the consumer sends it to the topic's dead-letter topic and goes on.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedEventException(String message) {
        super(message);
    }
}
