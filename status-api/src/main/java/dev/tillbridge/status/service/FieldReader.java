package dev.tillbridge.status.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of a JSON request body strictly, one at a time, and collects every refusal as a
 * {@link FieldError} naming the field ({@code syncIntervalSeconds}, {@code magento.credentials.kind}), so one answer
 * lists all of them. Knows JSON types and limits, nothing about integrations (that is {@link IntegrationRules}).
 */
final class FieldReader {

    private static final int MAX_SECRET_LENGTH = 4096;
    private static final int MAX_INSTANT_LENGTH = 40;

    private final List<FieldError> errors = new ArrayList<>();

    void refuse(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** How many refusals so far: a reader of a nested value compares it before and after. */
    int refusals() {
        return errors.size();
    }

    /** @throws InvalidRequestException naming every refused field, when there is one */
    void throwIfRefused() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /** Trimmed text of at most {@code maxLength} characters, without control characters; null for JSON null. */
    String text(JsonNode value, String field, int maxLength, boolean nullable) {
        if (value.isNull()) {
            if (!nullable) {
                refuse(field, "must not be null");
            }
            return null;
        }
        if (!value.isTextual()) {
            refuse(field, "must be a string");
            return null;
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            refuse(field, "must not be empty");
            return null;
        }
        if (text.length() > maxLength) {
            refuse(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            refuse(field, "must not contain control characters");
            return null;
        }
        return text;
    }

    /** A whole number from {@code min} to {@code max}; null for JSON null when {@code nullable}. */
    Integer integer(JsonNode value, String field, int min, int max, boolean nullable) {
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            refuse(field, "must be a whole number from " + min + " to " + max);
            return null;
        }
        int n = value.intValue();
        if (n < min || n > max) {
            refuse(field, "must be from " + min + " to " + max + ", was " + n);
            return null;
        }
        return n;
    }

    Boolean bool(JsonNode value, String field) {
        if (!value.isBoolean()) {
            refuse(field, "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    /**
     * A date ({@code 2024-12-13}, midnight UTC) or an ISO-8601 instant that PostgreSQL can store; null for JSON null.
     */
    Instant dateOrInstant(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual() && value.textValue().length() <= MAX_INSTANT_LENGTH) {
            String text = value.textValue();
            try {
                Instant instant = text.length() == 10
                        ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(text);
                if (StorableInstants.holds(instant)) {
                    return instant;
                }
            } catch (DateTimeParseException e) {
                // falls through to the refusal below
            }
        }
        refuse(
                field,
                "must be a date (2024-12-13) or an ISO-8601 instant (2024-12-13T00:00:00Z) in the years 1 to 9999");
        return null;
    }

    /** A non-empty string field of {@code object}. Its value never appears in a refusal, only its name. */
    String secret(JsonNode object, String path, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            refuse(path + "." + field, "is required (a non-empty string)");
            return null;
        }
        if (value.textValue().length() > MAX_SECRET_LENGTH) {
            refuse(path + "." + field, "is longer than " + MAX_SECRET_LENGTH + " characters");
            return null;
        }
        return value.textValue();
    }

    /** Refuses every field of {@code object} not in {@code allowed}, with {@code message}; "" is the body itself. */
    void onlyFields(JsonNode object, String path, Set<String> allowed, String message) {
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                refuse(path.isEmpty() ? safeName(name) : path + "." + safeName(name), message);
            }
        });
    }

    /** Field names come from the caller: keep what is echoed back short and printable. */
    static String safeName(String name) {
        String printable = name.replaceAll("[^A-Za-z0-9._\\-\\[\\]]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
