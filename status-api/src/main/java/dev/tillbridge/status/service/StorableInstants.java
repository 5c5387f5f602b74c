package dev.tillbridge.status.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The instants a client may send: years 1 to 9999. Java parses years up to ±1,000,000,000, PostgreSQL's
 * timestamptz holds 4713 BC to 294276 AD, and the JDBC driver switches to the Julian calendar before 1582;
 * an instant outside four-digit years is never a real date for this service, so it is refused as a 400 naming
 * the parameter before it can reach a query (where it would fail as a 500).
 */
public final class StorableInstants {

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    static final String RANGE = "between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    private StorableInstants() {}

    public static boolean holds(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** @throws InvalidRequestException naming {@code field} when the text is not an instant or is out of range */
    public static Instant parse(String field, String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "must be an ISO-8601 instant such as 2024-12-13T00:00:00Z");
        }
        return require(field, instant);
    }

    /** @throws InvalidRequestException naming {@code field} when the instant is out of range */
    public static Instant require(String field, Instant instant) {
        if (!holds(instant)) {
            throw InvalidRequestException.of(field, "must be an instant " + RANGE);
        }
        return instant;
    }
}
