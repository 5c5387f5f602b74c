package dev.tillbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.SimulatorFixture;
import org.junit.jupiter.api.Test;

/** Several stores in one process, each with its own credentials and data. */
class MultiTenantTest extends SimulatorFixture {

    @Test
    void storesKeepTheirOwnDataAndCredentials() {
        SimulatedStore north = sim.createStore(StoreSpec.tenant(uniqueTenant()).withBearerToken("north-token"));
        SimulatedStore south = sim.createStore(StoreSpec.tenant(uniqueTenant()).withBearerToken("south-token"));
        north.seedOrders(3);
        south.seedOrders(5);
        MagentoTestClient northClient = MagentoTestClient.bearer(north.magentoBaseUrl(), "north-token");
        assertEquals(
                3,
                northClient
                        .get("/rest/V1/orders?searchCriteria=")
                        .json()
                        .path("total_count")
                        .asInt());
        assertEquals(
                5,
                MagentoTestClient.bearer(south.magentoBaseUrl(), "south-token")
                        .get("/rest/V1/orders?searchCriteria=")
                        .json()
                        .path("total_count")
                        .asInt());
        assertEquals(
                401,
                MagentoTestClient.bearer(south.magentoBaseUrl(), "north-token")
                        .get("/rest/V1/orders?searchCriteria=")
                        .status());
        assertEquals(1, north.counters().totalRequests());
    }

    @Test
    void aTenantNameCanOnlyBeUsedOnce() {
        String tenant = uniqueTenant();
        sim.createStore(StoreSpec.tenant(tenant));
        assertThrows(IllegalStateException.class, () -> sim.createStore(StoreSpec.tenant(tenant)));
        assertEquals(tenant, sim.store(tenant).tenant());
    }

    @Test
    void theDemoSeedCreatesTheDemoStore() {
        try (MagentoSimulator own = MagentoSimulator.start(SimulatorOptions.defaults())) {
            SimulatedStore demo = SimulatorMain.seedDemo(own);
            assertEquals(50, demo.orderCount());
            assertEquals(
                    200,
                    MagentoTestClient.bearer(own.baseUrl() + "/m/demo", SimulatorMain.DEMO_TOKEN)
                            .get("/rest/V1/orders?searchCriteria[pageSize]=10")
                            .status());
        }
    }
}
