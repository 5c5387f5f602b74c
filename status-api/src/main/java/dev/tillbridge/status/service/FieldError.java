package dev.tillbridge.status.service;

/** One rejected field of a request: {@code field} is its path ({@code magento.baseUrl}, {@code storeIds[2]}). */
public record FieldError(String field, String message) {}
