package dev.tillbridge.magento;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Magento's dates: {@code YYYY-MM-DD HH:MM:SS}, UTC, whole seconds (MySQL TIMESTAMP). */
public final class MagentoTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private MagentoTime() {}

    public static Instant parse(String value) {
        try {
            return LocalDateTime.parse(value.trim(), FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a Magento date: '" + value + "'");
        }
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }
}
