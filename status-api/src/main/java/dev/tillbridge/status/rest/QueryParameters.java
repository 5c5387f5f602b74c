package dev.tillbridge.status.rest;

import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.service.InvalidRequestException;
import dev.tillbridge.status.service.PageCursor;
import dev.tillbridge.status.service.StorableInstants;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/** The query parameters the read routes share, each refused as a 400 naming it when it cannot be read. */
final class QueryParameters {

    private QueryParameters() {}

    /** A page size from 1 to {@code paging.max-limit}; {@code paging.default-limit} when absent. */
    static int limit(String limit, StatusApiConfig config) {
        if (limit == null || limit.isEmpty()) {
            return config.paging().defaultLimit();
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= config.paging().maxLimit()) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw InvalidRequestException.of(
                "limit", "must be a whole number from 1 to " + config.paging().maxLimit());
    }

    /** The cursor a previous page returned as {@code nextCursor}, or null for the first page. */
    static PageCursor cursor(String cursor) {
        return cursor == null || cursor.isEmpty() ? null : PageCursor.decode(cursor);
    }

    /** One of the enum's constants, case-insensitive, or null when absent. */
    static <E extends Enum<E>> E enumeration(String name, String value, Class<E> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** An ISO-8601 instant PostgreSQL can store, or null when absent. */
    static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return StorableInstants.parse(name, value);
    }
}
