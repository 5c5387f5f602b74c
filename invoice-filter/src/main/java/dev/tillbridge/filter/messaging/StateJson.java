package dev.tillbridge.filter.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.events.json.EventJson;
import java.io.IOException;

/** State-store values and internal facts as JSON, with the one mapper set-up. */
final class StateJson {

    private StateJson() {}

    static String write(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable state value of type " + type.getSimpleName(), e);
        }
    }
}
