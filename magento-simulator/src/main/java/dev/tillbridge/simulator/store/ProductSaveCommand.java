package dev.tillbridge.simulator.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One product save as received: {@code pathSku} is set for {@code PUT /V1/products/{sku}} (and {@code bySku}
 * bulk items) and null for {@code POST /V1/products}; {@code body} is the whole {@code {"product":{…}}} object.
 */
public record ProductSaveCommand(String storeCode, String pathSku, JsonNode body, String via) {}
