package dev.tillbridge.simulator.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column value prepared once, when its row is written, for comparisons as MySQL makes them (Magento puts filter
 * values into SQL unchanged): a number column compares numerically, text compares case-insensitively (the default
 * {@code *_general_ci} collations). SQL NULL is represented by Java {@code null}.
 */
public final class SqlValue implements Comparable<SqlValue> {

    private static final Pattern NUMERIC_PREFIX = Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

    private final String text;
    private final String folded;
    private final BigDecimal number;
    private final boolean dateTime;
    /**
     * Integers and datetimes also as a long (datetimes as epoch seconds), so the common comparisons (ids, store ids,
     * {@code updated_at}) are one primitive compare; {@link #NO_KEY} otherwise.
     */
    private final long key;

    private static final long NO_KEY = Long.MIN_VALUE;

    private SqlValue(String text, BigDecimal number) {
        this.text = text;
        this.folded = text.toLowerCase(Locale.ROOT);
        this.number = number;
        this.dateTime = number == null && DATE_TIME.matcher(text).matches();
        this.key = dateTime ? epochSeconds(text) : integral(number);
    }

    private static long integral(BigDecimal number) {
        if (number == null
                || number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            return NO_KEY;
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            return NO_KEY;
        }
    }

    private static long epochSeconds(String dateTime) {
        try {
            return LocalDateTime.parse(dateTime.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return NO_KEY;
        }
    }

    /** Null for a missing or JSON-null field (SQL NULL). */
    public static SqlValue of(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return new SqlValue(
                    node.booleanValue() ? "1" : "0", node.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO);
        }
        if (node.isNumber()) {
            return new SqlValue(node.asText(), node.decimalValue());
        }
        return new SqlValue(node.asText(), null);
    }

    String text() {
        return text;
    }

    String folded() {
        return folded;
    }

    /** Sort order of two values of the same column. */
    @Override
    public int compareTo(SqlValue other) {
        if (key != NO_KEY && other.key != NO_KEY && dateTime == other.dateTime) {
            return Long.compare(key, other.key);
        }
        if (number != null && other.number != null) {
            return number.compareTo(other.number);
        }
        return folded.compareTo(other.folded);
    }

    /** This column compared with a filter value, converted the way MySQL converts it for this column's type. */
    int compareTo(Literal literal) {
        if (key != NO_KEY && dateTime && literal.dateTimeKey() != NO_KEY) {
            return Long.compare(key, literal.dateTimeKey());
        }
        if (key != NO_KEY && !dateTime && literal.integerKey() != NO_KEY) {
            return Long.compare(key, literal.integerKey());
        }
        if (number != null) {
            return number.compareTo(literal.number());
        }
        return folded.compareTo(dateTime && literal.dateOnly() ? literal.folded() + " 00:00:00" : literal.folded());
    }

    /** A filter value, converted once per query rather than once per row. */
    record Literal(String text, String folded, BigDecimal number, boolean dateOnly, long integerKey, long dateTimeKey) {

        static Literal of(String value) {
            String text = value == null ? "" : value;
            boolean dateOnly = text.matches("\\d{4}-\\d{2}-\\d{2}");
            String asDateTime = dateOnly ? text + " 00:00:00" : text;
            BigDecimal number = mysqlNumber(text);
            return new Literal(
                    text,
                    text.toLowerCase(Locale.ROOT),
                    number,
                    dateOnly,
                    text.trim().matches("[+-]?\\d{1,18}") ? integral(number) : NO_KEY,
                    DATE_TIME.matcher(asDateTime).matches() ? epochSeconds(asDateTime) : NO_KEY);
        }

        /** A string compared with a number column counts as its numeric prefix, or 0. */
        private static BigDecimal mysqlNumber(String value) {
            Matcher m = NUMERIC_PREFIX.matcher(value);
            if (!m.find()) {
                return BigDecimal.ZERO;
            }
            return new BigDecimal(m.group().trim().replaceFirst("^\\+", "").replaceFirst("\\.$", ""));
        }
    }
}
