package dev.tillbridge.simulator.http;

import dev.tillbridge.simulator.capacity.RouteClass;

/**
 * One Magento route: {@code api} is {@code V1}, {@code async/V1} or {@code async/bulk/V1}; its key, e.g.
 * {@code GET /V1/orders/{id}}, names it in counters and fault rules whatever store code the URL carried.
 */
public record MagentoRoute(
        String method,
        String api,
        PathTemplate path,
        String aclResource,
        RouteClass routeClass,
        MagentoHandler handler) {

    public static MagentoRoute of(
            String method, String api, String path, String aclResource, RouteClass routeClass, MagentoHandler handler) {
        return new MagentoRoute(method, api, PathTemplate.of(path), aclResource, routeClass, handler);
    }

    public String key() {
        return method + " /" + api + "/" + path;
    }
}
