package dev.tillbridge.pusher.service;

import dev.tillbridge.events.IntegrationConfigured;
import java.util.Optional;

/** The integrations this service serves (in the service: its {@code IntegrationDirectory}). */
@FunctionalInterface
public interface IntegrationSource {

    Optional<IntegrationConfigured> find(String integrationId);
}
