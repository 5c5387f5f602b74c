package dev.tillbridge.status.service;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a person names an order in {@code GET /integrations/{id}/orders/{ref}}: Magento's entity id ({@code 123}) or
 * the increment id the store owner knows ({@code 000000123}, or {@code #000000123}, sent as {@code %23000000123}).
 *
 * <p>A leading {@code #} means "increment id" only. A plain number without leading zeros could be either: it is
 * looked up as an entity id first, then as an increment id. Anything else is an increment id: 1–50 letters, digits,
 * {@code .}, {@code _} or {@code -} (Magento's column holds 50), starting with a letter or digit.
 */
public record OrderRef(String text, Long entityId, String incrementId) {

    static final int MAX_INCREMENT_ID = 50;
    private static final Pattern INCREMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");
    private static final Pattern ENTITY_ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final String MUST_BE = "must be a Magento order entity id (123) or increment id (000000123 or "
            + "#000000123): 1-50 letters, digits, '.', '_' or '-'";

    /** @throws InvalidRequestException naming {@code ref} when it cannot name an order */
    public static OrderRef parse(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw InvalidRequestException.of("ref", MUST_BE);
        }
        boolean hashed = ref.startsWith("#");
        String text = hashed ? ref.substring(1) : ref;
        if (!INCREMENT_ID.matcher(text).matches()) {
            throw InvalidRequestException.of("ref", MUST_BE);
        }
        Long entityId = !hashed && ENTITY_ID.matcher(text).matches() ? Long.valueOf(text) : null;
        return new OrderRef(ref, entityId, text);
    }

    public Optional<Long> asEntityId() {
        return Optional.ofNullable(entityId);
    }
}
