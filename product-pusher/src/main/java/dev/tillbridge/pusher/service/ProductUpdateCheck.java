package dev.tillbridge.pusher.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.ProductUpdate;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether a product update can be sent to Magento at all. It checks what Tillbridge needs to build a request
 * Magento can read (a SKU within Magento's 64 characters, attribute codes Magento accepts, no negative
 * amounts); Magento's own catalog rules (required attributes of a new product, ...) stay Magento's, so the
 * operator reads Magento's words for those.
 */
public final class ProductUpdateCheck {

    /** Magento's {@code catalog_product_entity.sku} length. */
    static final int MAX_SKU_LENGTH = 64;

    static final int MAX_NAME_LENGTH = 255;
    /** Magento's attribute code rule: a letter, then letters, digits or underscores, at most 60 in all. */
    private static final Pattern ATTRIBUTE_CODE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,59}");

    private ProductUpdateCheck() {}

    /** The verdict on one update. */
    public sealed interface Verdict permits Sendable, Invalid {}

    public record Sendable() implements Verdict {}

    /** {@code reason} is a sentence for the Logs page, without the SKU (the log line's reference carries it). */
    public record Invalid(String reason) implements Verdict {}

    private static final Sendable SENDABLE = new Sendable();

    public static Verdict check(EventEnvelope<ProductUpdate> envelope) {
        ProductUpdate update = envelope.payload();
        if (envelope.integrationId() != null
                && !envelope.integrationId().isEmpty()
                && !envelope.integrationId().equals(update.integrationId())) {
            return new Invalid("The record's envelope names integration " + envelope.integrationId()
                    + " but its product update names " + update.integrationId() + ".");
        }
        if (update.runId().isBlank()) {
            return new Invalid("The product update has an empty run id.");
        }
        String sku = update.sku();
        if (sku == null || sku.isBlank()) {
            return new Invalid("The product update has no SKU.");
        }
        if (!sku.equals(sku.strip())) {
            return new Invalid("The SKU '" + sku + "' starts or ends with spaces, which Magento would remove.");
        }
        if (sku.length() > MAX_SKU_LENGTH) {
            return new Invalid(
                    "The SKU is " + sku.length() + " characters long; Magento allows at most " + MAX_SKU_LENGTH + ".");
        }
        if (update.name() != null && update.name().length() > MAX_NAME_LENGTH) {
            return new Invalid("The product name is " + update.name().length()
                    + " characters long; Magento allows at most " + MAX_NAME_LENGTH + ".");
        }
        String negative = firstNegative(Map.of(
                "price",
                nz(update.price()),
                "special price",
                nz(update.specialPrice()),
                "weight",
                nz(update.weight())));
        if (negative != null) {
            return new Invalid("The " + negative + " must not be negative.");
        }
        for (Map.Entry<String, String> attribute : update.customAttributes().entrySet()) {
            if (attribute.getKey() == null
                    || !ATTRIBUTE_CODE.matcher(attribute.getKey()).matches()) {
                return new Invalid("The custom attribute code '" + attribute.getKey() + "' is not a Magento attribute "
                        + "code (a letter, then letters, digits or underscores, at most 60).");
            }
        }
        return SENDABLE;
    }

    private static BigDecimal nz(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static String firstNegative(Map<String, BigDecimal> amounts) {
        for (String field : new String[] {"price", "special price", "weight"}) {
            if (amounts.get(field).signum() < 0) {
                return field;
            }
        }
        return null;
    }
}
