package dev.tillbridge.simulator.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Magento's date format: {@code YYYY-MM-DD HH:MM:SS}, always UTC, whole seconds (MySQL TIMESTAMP with the
 * adapter's {@code SET time_zone='+00:00'}; docs/magento-api.md §2 "Dates").
 */
public final class MagentoDates {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private MagentoDates() {}

    public static String format(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    /** Accepts Magento's format, a bare date (midnight UTC) or ISO-8601, so admin callers can use either. */
    public static Instant parse(String text) {
        String value = text.trim();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (value.length() == 19 && value.charAt(10) == ' ') {
                return LocalDateTime.parse(value, FORMAT).toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date: '" + text + "' (use YYYY-MM-DD HH:MM:SS UTC)", e);
        }
    }
}
