package dev.tillbridge.events.integration;

import dev.tillbridge.events.IntegrationConfigured;
import java.util.Optional;

/** Fired after the directory changed: the new configuration, or empty when the integration was deleted. */
public record IntegrationChanged(String integrationId, Optional<IntegrationConfigured> config) {}
