package dev.tillbridge.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for processes a test stops and starts again on the same port: a broker restarted, a service killed
 * and brought back, PostgreSQL restarted, a second stack on the first one's ports. They are drawn at random below the
 * kernel's ephemeral range ({@code ip_local_port_range}). A port from inside that range can be handed to some
 * client's outgoing connection while its process is down, and the restart then fails to bind it: seen in CI, when
 * the chaos broker's controller port was taken during its restart and the run waited for a broker that never came
 * back.
 */
final class StablePorts {

    private static final int LOWEST = 20_000;

    private StablePorts() {}

    /** The first of {@code count} consecutive ports, all free now. */
    static int block(int count) {
        int limit = lowestEphemeralPort() - count;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, Math.max(limit, LOWEST + 1));
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("No " + count + " consecutive free ports from " + LOWEST + " to " + limit);
    }

    static int lowestEphemeralPort() {
        // Read line by line: Files.readString trusts the size /proc reports (0) and returned "3" of "32768 60999",
        // so every run drew the same base, 20000, and two CI runs side by side bound each other's ports.
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            int lowest = Integer.parseInt(lines.get(0).trim().split("\\s+")[0]);
            return lowest > LOWEST + 1_000 ? lowest : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
