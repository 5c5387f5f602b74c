package dev.tillbridge.events.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.EventTypes;
import dev.tillbridge.events.MalformedEventException;
import java.io.IOException;

/**
 * The one JSON set-up of Tillbridge: used on the wire by every service and, through
 * {@link TillbridgeObjectMapperCustomizer}, by Quarkus' own mapper for REST.
 *
 * <p>Unknown fields are ignored (schemas evolve by adding optional fields); nulls are left out; times
 * are ISO-8601 strings; a missing required field fails with the record's own message.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private EventJson() {}

    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // Money keeps its exact decimal form (165.00 stays 165.00), also through JSON trees.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(EventEnvelope<?> envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event " + envelope.type() + " " + envelope.id(), e);
        }
    }

    /**
     * Reads an envelope whose payload type is named by its own {@code type} field.
     *
     * <p>One pass over the text: a streaming look finds the top-level {@code type} (our envelopes write it
     * second, so the look stops at once; elsewhere it skips whole values without building them), then the
     * text is bound straight to the typed envelope. Reading it into a tree first and converting the tree
     * cost about twice as much, and order snapshots are read on every hop of the order path.
     */
    public static EventEnvelope<EventPayload> decode(String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("Event is empty");
        }
        String type = typeOf(json);
        Class<? extends EventPayload> payload = EventTypes.payloadOf(type)
                .orElseThrow(() -> new MalformedEventException("Unknown event type '" + type + "'"));
        return bind(json, payload, type);
    }

    /** Reads an envelope and checks that its payload is of the expected record. */
    public static <T extends EventPayload> EventEnvelope<T> decode(String json, Class<T> expected) {
        EventEnvelope<EventPayload> envelope = decode(json);
        if (!expected.isInstance(envelope.payload())) {
            throw new MalformedEventException(
                    "Expected a " + expected.getSimpleName() + " event but got type '" + envelope.type() + "'");
        }
        @SuppressWarnings("unchecked")
        EventEnvelope<T> typed = (EventEnvelope<T>) (EventEnvelope<?>) envelope;
        return typed;
    }

    /** The top-level {@code type} field's text, read without binding anything else. */
    private static String typeOf(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEventException("Event is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(field)) {
                    if (value != JsonToken.VALUE_STRING) {
                        break;
                    }
                    return parser.getText();
                }
                parser.skipChildren();
            }
            throw new MalformedEventException("Event has no type field");
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new MalformedEventException("Event is not readable: " + e.getMessage(), e);
        }
    }

    private static EventEnvelope<EventPayload> bind(String json, Class<? extends EventPayload> payload, String type) {
        JavaType envelopeType = MAPPER.getTypeFactory().constructParametricType(EventEnvelope.class, payload);
        try {
            return MAPPER.readValue(json, envelopeType);
        } catch (ValueInstantiationException e) {
            // The records' own checks ("orderId is required") are the clearest message there is.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MalformedEventException("Invalid " + type + " event: " + cause.getMessage(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            JsonParseException broken = parseErrorIn(e);
            if (broken != null) {
                // Broken JSON after the type field (databind wraps it): the same answer as broken JSON before it.
                throw notJson(broken);
            }
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new MalformedEventException("Invalid " + type + " event: " + detail, e);
        }
    }

    private static JsonParseException parseErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return parse;
            }
        }
        return null;
    }

    private static MalformedEventException notJson(JsonProcessingException e) {
        return new MalformedEventException("Event is not valid JSON: " + e.getOriginalMessage(), e);
    }
}
