package dev.tillbridge.status.service;

/** A request that contradicts what exists (an integration id already taken). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
