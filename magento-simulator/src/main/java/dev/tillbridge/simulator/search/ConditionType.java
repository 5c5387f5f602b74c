package dev.tillbridge.simulator.search;

import dev.tillbridge.simulator.search.SqlValue.Literal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The condition types of Magento's collection filters (docs/magento-api.md §2) with SQL's three-valued logic: a NULL column
 * matches only {@code null}, never a comparison or a negation.
 */
enum ConditionType {
    EQ,
    NEQ,
    GT,
    GTEQ,
    LT,
    LTEQ,
    MOREQ,
    FROM,
    TO,
    LIKE,
    NLIKE,
    IN,
    NIN,
    NULL,
    NOTNULL,
    FINSET,
    NFINSET;

    /** Unknown condition types fall back to {@code eq}, as {@code Filter::getConditionType()} does for an empty one. */
    static ConditionType of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return EQ;
        }
    }

    /** The test for one filter, with its value converted once; the argument is null for SQL NULL. */
    Predicate<SqlValue> matcher(String value) {
        if (this == NULL) {
            return column -> column == null;
        }
        if (this == NOTNULL) {
            return column -> column != null;
        }
        Predicate<SqlValue> test = switch (this) {
            case EQ -> equalTo(Literal.of(value));
            case NEQ -> equalTo(Literal.of(value)).negate();
            case GT -> compared(Literal.of(value), c -> c > 0);
            case GTEQ, MOREQ, FROM -> compared(Literal.of(value), c -> c >= 0);
            case LT -> compared(Literal.of(value), c -> c < 0);
            case LTEQ, TO -> compared(Literal.of(value), c -> c <= 0);
            case LIKE -> like(value);
            case NLIKE -> like(value).negate();
            case IN -> anyOf(value);
            case NIN -> anyOf(value).negate();
            case FINSET -> findInSet(value);
            case NFINSET -> findInSet(value).negate();
            case NULL, NOTNULL -> throw new IllegalStateException("handled above");
        };
        return column -> column != null && test.test(column);
    }

    private static Predicate<SqlValue> equalTo(Literal literal) {
        return column -> column.compareTo(literal) == 0;
    }

    private static Predicate<SqlValue> compared(Literal literal, IntPredicate accept) {
        return column -> accept.test(column.compareTo(literal));
    }

    /** {@code in}/{@code nin} take a comma-separated list (docs/magento-api.md §2). */
    private static Predicate<SqlValue> anyOf(String value) {
        List<Literal> items = Arrays.stream((value == null ? "" : value).split(",", -1))
                .map(Literal::of)
                .toList();
        return column -> items.stream().anyMatch(item -> column.compareTo(item) == 0);
    }

    private static Predicate<SqlValue> findInSet(String value) {
        String needle = (value == null ? "" : value).toLowerCase(Locale.ROOT);
        return column -> Arrays.asList(column.folded().split(",", -1)).contains(needle);
    }

    /** SQL LIKE: {@code %} any run, {@code _} one character, {@code \} escapes; case-insensitive. */
    private static Predicate<SqlValue> like(String pattern) {
        String p = pattern == null ? "" : pattern;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                regex.append(Pattern.quote(String.valueOf(p.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern compiled =
                Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        return column -> compiled.matcher(column.text()).matches();
    }
}
