package dev.tillbridge.simulator.capacity;

import java.time.Duration;

/**
 * How long a worker is busy with a request, in milliseconds:
 * every request costs {@code requestMs}; a list adds {@code listPerRowMs} per returned row (Magento fills
 * shipping assignments per order, so big pages are slow); a product save adds {@code productSaveMs}. The bulk
 * consumer spends {@code bulkPerProductMs} on each operation. Missing values are 0.
 */
public record ServiceTimes(Long requestMs, Long listPerRowMs, Long productSaveMs, Long bulkPerProductMs) {

    public ServiceTimes {
        requestMs = requestMs == null ? 0 : requestMs;
        listPerRowMs = listPerRowMs == null ? 0 : listPerRowMs;
        productSaveMs = productSaveMs == null ? 0 : productSaveMs;
        bulkPerProductMs = bulkPerProductMs == null ? 0 : bulkPerProductMs;
    }

    public static ServiceTimes none() {
        return new ServiceTimes(0L, 0L, 0L, 0L);
    }

    public static ServiceTimes perRequest(Duration time) {
        return new ServiceTimes(time.toMillis(), 0L, 0L, 0L);
    }

    public ServiceTimes withListPerRow(Duration time) {
        return new ServiceTimes(requestMs, time.toMillis(), productSaveMs, bulkPerProductMs);
    }

    public ServiceTimes withProductSave(Duration time) {
        return new ServiceTimes(requestMs, listPerRowMs, time.toMillis(), bulkPerProductMs);
    }

    public ServiceTimes withBulkPerProduct(Duration time) {
        return new ServiceTimes(requestMs, listPerRowMs, productSaveMs, time.toMillis());
    }

    public Duration forRequest(RouteClass routeClass, int rows) {
        long ms = requestMs;
        if (routeClass.isList()) {
            ms += listPerRowMs * rows;
        }
        if (routeClass == RouteClass.PRODUCT_SAVE) {
            ms += productSaveMs;
        }
        return Duration.ofMillis(ms);
    }

    public Duration forBulkOperation() {
        return Duration.ofMillis(bulkPerProductMs);
    }
}
