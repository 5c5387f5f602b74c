package dev.tillbridge.pusher.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.json.EventJson;
import java.util.Optional;

/**
 * What can still be read from a product update that is not a valid event (a position past its run's total,
 * a missing field): its run coordinates, so that it is counted as failed in its run instead of leaving the
 * run one product short forever.
 */
record UnreadableUpdate(String integrationId, String runId, int position, int runTotal, String sku) {

    static Optional<UnreadableUpdate> salvage(String json) {
        try {
            JsonNode payload = EventJson.mapper().readTree(json).path("payload");
            String integrationId = payload.path("integrationId").asText("");
            String runId = payload.path("runId").asText("");
            int position = payload.path("position").asInt(0);
            int total = payload.path("runTotal").asInt(0);
            if (integrationId.isBlank() || runId.isBlank() || position < 1 || total < 1 || position > total) {
                return Optional.empty();
            }
            String sku = payload.path("sku").isTextual() ? payload.get("sku").asText() : null;
            return Optional.of(new UnreadableUpdate(integrationId, runId, position, total, sku));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
