package dev.tillbridge.pusher.config;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.integration.IntegrationChanged;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.pusher.service.IntegrationSource;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pusher's view of the integration directory: a product update asks for its integration every time, so
 * answers are kept for a few seconds, and dropped at once when the directory says the integration changed.
 */
@Singleton
public class DirectoryIntegrations implements IntegrationSource {

    private static final long TTL_NANOS = 5_000_000_000L;

    private record Cached(Optional<IntegrationConfigured> config, long at) {}

    private final IntegrationDirectory directory;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public DirectoryIntegrations(IntegrationDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Optional<IntegrationConfigured> find(String integrationId) {
        long now = System.nanoTime();
        Cached cached = cache.get(integrationId);
        if (cached != null && now - cached.at() < TTL_NANOS) {
            return cached.config();
        }
        Optional<IntegrationConfigured> config;
        try {
            config = directory.find(integrationId);
        } catch (IntegrationDirectory.Unavailable e) {
            throw new IntegrationSource.Unavailable(e.getMessage(), e);
        }
        cache.put(integrationId, new Cached(config, now));
        return config;
    }

    void changed(@Observes IntegrationChanged change) {
        cache.remove(change.integrationId());
    }
}
