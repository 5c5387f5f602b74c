package dev.tillbridge.simulator.http;

import dev.tillbridge.simulator.tenant.TenantRuntime;

/** Serves one Magento route for one store; throws {@link dev.tillbridge.simulator.error.MagentoException} for errors. */
@FunctionalInterface
public interface MagentoHandler {

    RouteResult handle(TenantRuntime store, MagentoCall call);
}
