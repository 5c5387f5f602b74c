package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.json.EventJson;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Read access to the global integrations store: the latest configuration of an integration, if readable.
 *
 * <p>Every order asks for its integration, and integrations change rarely: the last decoded configuration
 * of each is kept with the text it came from and reused while the store still holds that same text. The
 * store is still read every time, so a change applies to the very next order. One instance per processor
 * (so per task, which one thread runs at a time): a plain map is enough.
 */
final class IntegrationTable {

    private final TimestampedKeyValueStore<String, String> store;
    private final Map<String, Decoded> decoded = new HashMap<>();

    private record Decoded(String json, Optional<IntegrationConfigured> integration) {}

    IntegrationTable(TimestampedKeyValueStore<String, String> store) {
        this.store = store;
    }

    Optional<IntegrationConfigured> find(String integrationId) {
        ValueAndTimestamp<String> value = integrationId == null ? null : store.get(integrationId);
        if (value == null || value.value() == null) {
            decoded.remove(integrationId);
            return Optional.empty();
        }
        Decoded last = decoded.get(integrationId);
        if (last != null && last.json().equals(value.value())) {
            return last.integration();
        }
        Optional<IntegrationConfigured> integration = decode(value.value());
        decoded.put(integrationId, new Decoded(value.value(), integration));
        return integration;
    }

    private static Optional<IntegrationConfigured> decode(String json) {
        try {
            return Optional.of(
                    EventJson.decode(json, IntegrationConfigured.class).payload());
        } catch (MalformedEventException e) {
            return Optional.empty();
        }
    }
}
