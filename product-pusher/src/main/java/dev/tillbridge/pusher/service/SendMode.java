package dev.tillbridge.pusher.service;

/**
 * How products reach Magento: {@code PUT} one request per product ({@code PUT /rest/all/V1/products/{sku}}),
 * {@code BULK} many per request through the asynchronous bulk endpoint with status polling, or {@code AUTO}:
 * measured per integration, whichever moved more products per second lately.
 */
public enum SendMode {
    PUT,
    BULK,
    AUTO
}
