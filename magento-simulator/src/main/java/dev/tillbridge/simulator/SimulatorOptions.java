package dev.tillbridge.simulator;

/**
 * How the simulator listens. {@code port} 0 picks a free port (tests); {@code host} is the bind address;
 * {@code httpThreads} bounds the requests handled at once, which must exceed what the capacity model lets wait.
 */
public record SimulatorOptions(String host, int port, int httpThreads) {

    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 0, 256);
    }

    public SimulatorOptions port(int newPort) {
        return new SimulatorOptions(host, newPort, httpThreads);
    }

    public SimulatorOptions host(String newHost) {
        return new SimulatorOptions(newHost, port, httpThreads);
    }

    public SimulatorOptions httpThreads(int threads) {
        return new SimulatorOptions(host, port, threads);
    }
}
