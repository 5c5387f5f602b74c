package dev.tillbridge.simulator;

import dev.tillbridge.simulator.capacity.LatencyModel;

/**
 * How the simulator listens. {@code port} 0 picks a free port (tests); {@code host} is the bind address;
 * {@code httpThreads} bounds the requests handled at once, which must exceed what the capacity model lets wait
 * (and, with a latency model, the calls in flight); {@code latency} delays every Magento call of every store.
 */
public record SimulatorOptions(String host, int port, int httpThreads, LatencyModel latency) {

    public SimulatorOptions(String host, int port, int httpThreads) {
        this(host, port, httpThreads, LatencyModel.none());
    }

    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 0, 256);
    }

    public SimulatorOptions latency(LatencyModel model) {
        return new SimulatorOptions(host, port, httpThreads, model);
    }

    public SimulatorOptions port(int newPort) {
        return new SimulatorOptions(host, newPort, httpThreads, latency);
    }

    public SimulatorOptions host(String newHost) {
        return new SimulatorOptions(newHost, port, httpThreads, latency);
    }

    public SimulatorOptions httpThreads(int threads) {
        return new SimulatorOptions(host, port, threads, latency);
    }
}
