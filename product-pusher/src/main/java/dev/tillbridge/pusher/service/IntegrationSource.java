package dev.tillbridge.pusher.service;

import dev.tillbridge.events.IntegrationConfigured;
import java.util.Optional;

/** The integrations this service serves (in the service: its {@code IntegrationDirectory}). */
@FunctionalInterface
public interface IntegrationSource {

    /** @throws Unavailable when the integrations cannot be read now (their database is down): try again later */
    Optional<IntegrationConfigured> find(String integrationId);

    /** The integrations cannot be read now; nothing is known about the one asked for. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
