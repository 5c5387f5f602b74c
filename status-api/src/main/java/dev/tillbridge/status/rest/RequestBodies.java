package dev.tillbridge.status.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.status.service.InvalidRequestException;

/**
 * Reads a request body as a JSON tree, strictly: duplicate keys and anything after the value are refused,
 * and a parse error is a 400 that says where, never a 500.
 */
final class RequestBodies {

    private static final ObjectReader READER = EventJson.mapper()
            .reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestBodies() {}

    static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            throw InvalidRequestException.of("body", "is required: a JSON object");
        }
        try {
            return READER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw InvalidRequestException.of("body", "is not valid JSON" + where);
        } catch (RuntimeException e) {
            // Jackson's stream constraints (nesting depth, number length) end here too.
            throw InvalidRequestException.of("body", "is not acceptable JSON");
        }
    }
}
