package dev.tillbridge.status.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback port that leads to the broker only once it is opened: before, nothing listens there (connection
 * refused, as when the broker is down); after, every connection is forwarded to the real broker. A producer
 * bootstrapped through it learns the broker's advertised address and talks to the broker directly from then on,
 * so the gate opens once and stays open.
 */
final class BrokerGate implements AutoCloseable {

    static final int PORT = freePort();

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    /** Starts forwarding {@code 127.0.0.1:PORT} to the broker at {@code 127.0.0.1:brokerPort}. */
    synchronized void open(int brokerPort) throws IOException {
        if (server != null) {
            return;
        }
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT));
        Thread accepter = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                            open.add(client);
                            open.add(broker);
                            pump(client.getInputStream(), broker.getOutputStream());
                            pump(broker.getInputStream(), client.getOutputStream());
                        } catch (IOException e) {
                            // closed, or one connection failed: the client connects again
                        }
                    }
                },
                "broker-gate");
        accepter.setDaemon(true);
        accepter.start();
    }

    private static void pump(InputStream in, OutputStream out) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16384];
                    try (in;
                            out) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the other side closed
                    }
                },
                "broker-gate-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /**
     * One port per JVM, kept in a system property: the test profile and the test class may be loaded by
     * different class loaders, and both must name the same port.
     */
    private static synchronized int freePort() {
        String property = "tillbridge.test.broker-gate-port";
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(probe()));
        }
        return Integer.getInteger(property);
    }

    private static int probe() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
