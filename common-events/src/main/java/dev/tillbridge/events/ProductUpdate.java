package dev.tillbridge.events;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * One product change from the POS ({@code product-updates}), part of a run of {@code runTotal} products.
 *
 * <p>Only the run coordinates are required to read the record; the product fields are validated by
 * product-pusher, which counts a bad product as failed in its run instead of losing it.
 */
public record ProductUpdate(
        String integrationId,
        String runId,
        int position,
        int runTotal,
        String sku,
        String name,
        BigDecimal price,
        BigDecimal specialPrice,
        BigDecimal qty,
        Boolean inStock,
        ProductStatus status,
        BigDecimal weight,
        Map<String, String> customAttributes)
        implements EventPayload {

    public static final String TYPE = "product.update.v1";

    public ProductUpdate {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(runId, "runId is required");
        if (runTotal < 1 || position < 1 || position > runTotal) {
            throw new IllegalArgumentException("position must be within 1.." + runTotal + ", was " + position);
        }
        customAttributes = customAttributes == null ? Map.of() : Map.copyOf(customAttributes);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    public enum ProductStatus {
        ENABLED,
        DISABLED
    }
}
