package dev.tillbridge.infra;

import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.SimulatorOptions;
import dev.tillbridge.simulator.StoreSpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Magento simulator of a test class: started on a free loopback port before its first test, closed after its
 * last. Each test creates its own stores ({@link #createStore}), so tests of one class do not see each other's
 * orders.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final SimulatorExtension magento = new SimulatorExtension();
 * </pre>
 */
public final class SimulatorExtension implements BeforeAllCallback, AfterAllCallback {

    private final SimulatorOptions options;
    private MagentoSimulator simulator;

    /** The simulator with its defaults (no latency, no failures) on a free port. */
    public SimulatorExtension() {
        this(SimulatorOptions.defaults().port(0));
    }

    public SimulatorExtension(SimulatorOptions options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator = MagentoSimulator.start(options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    /** The running simulator; only between the class's first and last test. */
    public MagentoSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException(
                    "the simulator runs only while the test class runs: register this extension on a static field");
        }
        return simulator;
    }

    public SimulatedStore createStore(StoreSpec spec) {
        return simulator().createStore(spec);
    }
}
