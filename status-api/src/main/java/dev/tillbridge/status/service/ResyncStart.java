package dev.tillbridge.status.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;

/**
 * The body of {@code POST /integrations/{id}/resync}, read strictly: {@code from} (required, a date or an ISO-8601
 * instant) and {@code force} (optional, false). Every refused field is named in one answer.
 */
public record ResyncStart(Instant from, boolean force) {

    private static final Set<String> FIELDS = Set.of("from", "force");

    /** @throws InvalidRequestException naming every refused field */
    public static ResyncStart read(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidRequestException.of("body", "must be a JSON object");
        }
        FieldReader reader = new FieldReader();
        reader.onlyFields(body, "", FIELDS, "is not a field of a resync request (from, force)");
        Instant from = null;
        JsonNode fromField = body.get("from");
        if (fromField == null || fromField.isNull()) {
            reader.refuse("from", "is required: an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        } else {
            from = reader.dateOrInstant(fromField, "from");
        }
        JsonNode forceField = body.get("force");
        Boolean force = forceField == null || forceField.isNull() ? Boolean.FALSE : reader.bool(forceField, "force");
        reader.throwIfRefused();
        return new ResyncStart(from, force);
    }
}
