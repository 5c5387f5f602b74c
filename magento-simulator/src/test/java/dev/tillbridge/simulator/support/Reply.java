package dev.tillbridge.simulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;

/** A response as tests look at it. */
public record Reply(int status, String body, HttpHeaders headers) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + status + "): " + body, e);
        }
    }

    public String contentType() {
        return headers.firstValue("Content-Type").orElse("");
    }

    @Override
    public String toString() {
        return status + " " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
    }
}
