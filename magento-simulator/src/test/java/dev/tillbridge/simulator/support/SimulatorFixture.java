package dev.tillbridge.simulator.support;

import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.SimulatorOptions;
import dev.tillbridge.simulator.StoreSpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One simulator per test class on an ephemeral port; each test gets its own fresh store (tenant) so tests never
 * see each other's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SimulatorFixture {

    protected static final String TOKEN = "test-token";
    private static final AtomicInteger TENANTS = new AtomicInteger();

    protected MagentoSimulator sim;

    @BeforeAll
    void startSimulator() {
        sim = MagentoSimulator.start(SimulatorOptions.defaults().port(0));
    }

    @AfterAll
    void stopSimulator() {
        sim.close();
    }

    protected SimulatedStore newStore() {
        return newStore(StoreSpec.tenant("t" + TENANTS.incrementAndGet()).withBearerToken(TOKEN));
    }

    protected SimulatedStore newStore(StoreSpec spec) {
        return sim.createStore(spec);
    }

    protected MagentoTestClient client(SimulatedStore store) {
        return MagentoTestClient.bearer(store.magentoBaseUrl(), TOKEN);
    }

    protected static String uniqueTenant() {
        return "t" + TENANTS.incrementAndGet();
    }
}
