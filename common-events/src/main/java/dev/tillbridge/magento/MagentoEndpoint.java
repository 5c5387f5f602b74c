package dev.tillbridge.magento;

import java.net.URI;
import java.util.Objects;

/**
 * Where one Magento store answers: the base URL before {@code /rest} and the store code of the
 * integration. Product values are written with store code {@code all} (global scope): without a store
 * code Magento would write default-store values.
 */
public record MagentoEndpoint(String baseUrl, String storeCode) {

    public static final String GLOBAL_SCOPE = "all";

    public MagentoEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl is required");
        URI uri = URI.create(baseUrl);
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("Magento base URL must be an http(s) URL with a host: " + baseUrl);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        storeCode = storeCode == null || storeCode.isBlank() ? "default" : storeCode;
    }

    /** {@code path} is Magento-relative ({@code /V1/orders}). */
    URI uri(String scope, String path, String query) {
        return URI.create(baseUrl + "/rest/" + scope + path + (query == null || query.isEmpty() ? "" : "?" + query));
    }
}
