package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.json.EventJson;
import java.util.Optional;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** Read access to the global integrations store: the latest configuration of an integration, if readable. */
final class IntegrationTable {

    private final TimestampedKeyValueStore<String, String> store;

    IntegrationTable(TimestampedKeyValueStore<String, String> store) {
        this.store = store;
    }

    Optional<IntegrationConfigured> find(String integrationId) {
        ValueAndTimestamp<String> value = integrationId == null ? null : store.get(integrationId);
        if (value == null || value.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventJson.decode(value.value(), IntegrationConfigured.class).payload());
        } catch (MalformedEventException e) {
            return Optional.empty();
        }
    }
}
