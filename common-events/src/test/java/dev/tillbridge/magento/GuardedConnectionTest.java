package dev.tillbridge.magento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard runs at connection time with the addresses actually used. A stub resolver plays DNS; the only
 * socket that could ever be opened is a listener of this test on 127.0.0.1, which counts who connects.
 */
class GuardedConnectionTest {

    /** Timeouts far above the listener's answer time even on a loaded machine: this test is about addresses. */
    private static final MagentoClientSettings NO_RETRY = new MagentoClientSettings(
            Duration.ofSeconds(30), Duration.ofSeconds(30), RetryPolicy.NONE, RetryPolicy.NONE);

    private ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requestLines = Collections.synchronizedList(new ArrayList<>());
    private Thread acceptor;

    @BeforeEach
    void listenOnLoopback() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(
                () -> {
                    while (!listener.isClosed()) {
                        try (Socket socket = listener.accept()) {
                            connections.incrementAndGet();
                            answerEmptyOrderPage(socket);
                        } catch (Exception e) {
                            // closed at the end of the test
                        }
                    }
                },
                "loopback-magento");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
        acceptor.join(2000);
    }

    private void answerEmptyOrderPage(Socket socket) throws Exception {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            requestLines.add(line);
        }
        byte[] body = "{\"items\":[],\"total_count\":0}".getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /**
     * Proves nothing connected before now without waiting a guessed time: the test connects a marker of its own and
     * waits for its answer. The listener accepts in arrival order, one at a time, so a connection made by the calls
     * before would have been accepted, and counted, before the marker.
     */
    private void assertTheListenersFirstConnectionIsTheMarker() throws Exception {
        try (Socket marker = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
            marker.getOutputStream().write("MARKER / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            marker.getOutputStream().flush();
            marker.getInputStream().readAllBytes();
        }
        assertThat(connections).hasValue(1);
        assertThat(requestLines.get(0)).isEqualTo("MARKER / HTTP/1.1");
    }

    private MagentoClient client(OutboundGuard guard, String baseUrl) {
        return new MagentoClient(
                MagentoTransport.open(NO_RETRY, guard),
                new MagentoEndpoint(baseUrl, "default"),
                new MagentoCredentials.Bearer("t"),
                NO_RETRY,
                Clock.systemUTC());
    }

    private static SearchCriteria firstPage() {
        return SearchCriteria.builder().pageSize(10).currentPage(1).build();
    }

    /** Answers each lookup with the next address of {@code answers}, and counts the lookups. */
    private static HostResolver dns(AtomicInteger lookups, String... answers) {
        var queue = new ArrayDeque<>(List.of(answers));
        return host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByAddress(host, AddressBlock.literal(queue.removeFirst())));
        };
    }

    @Test
    void aDnsAnswerThatTurnsToLoopbackAfterTheCheckIsRefusedBeforeAnySocketOpens() throws Exception {
        var lookups = new AtomicInteger();
        // first answer public (the configuration check passes), then loopback: where this test's listener is
        var guard = new OutboundGuard(
                List.of(), OutboundGuard.DEFAULT_INTERNAL_SUFFIXES, dns(lookups, "93.184.216.34", "127.0.0.1"));
        String baseUrl = "http://shop.example.com:" + listener.getLocalPort();
        assertThat(guard.check(baseUrl)).isInstanceOf(OutboundGuard.Allowed.class);

        assertThatThrownBy(() -> client(guard, baseUrl).searchOrders(firstPage()))
                .isInstanceOfSatisfying(MagentoException.AddressRefused.class, e -> {
                    assertThat(e.readableMessage())
                            .isEqualTo("Tillbridge did not connect to Magento at shop.example.com "
                                    + "for GET /V1/orders: the base URL names a host that does not resolve to a public Internet "
                                    + "address.");
                    assertThat(e.transientFailure()).isFalse();
                });
        assertThat(lookups).hasValue(2);
        assertTheListenersFirstConnectionIsTheMarker();
    }

    @Test
    void aRefusedLiteralAddressIsNeverConnectedTo() throws Exception {
        var guard = new OutboundGuard(List.of(), OutboundGuard.DEFAULT_INTERNAL_SUFFIXES, HostResolver.none());
        for (String baseUrl : List.of(
                "http://127.0.0.1:" + listener.getLocalPort(),
                "http://[::ffff:127.0.0.1]:" + listener.getLocalPort(),
                "http://2130706433:" + listener.getLocalPort())) {
            assertThatThrownBy(() -> client(guard, baseUrl).searchOrders(firstPage()))
                    .isInstanceOf(MagentoException.AddressRefused.class);
        }
        assertTheListenersFirstConnectionIsTheMarker();
    }

    @Test
    void theConnectionGoesToTheCheckedAddressAndKeepsTheStoresHostName() {
        var lookups = new AtomicInteger();
        var guard = new OutboundGuard(
                List.of("127.0.0.0/8"), OutboundGuard.DEFAULT_INTERNAL_SUFFIXES, dns(lookups, "127.0.0.1"));
        String baseUrl = "http://shop.example.com:" + listener.getLocalPort();

        assertThat(client(guard, baseUrl).searchOrders(firstPage()).totalCount())
                .isZero();

        assertThat(lookups).hasValue(1);
        assertThat(connections).hasValue(1);
        // header names are case-insensitive; Vert.x writes them in lower case
        assertThat(requestLines).anyMatch(l -> l.equalsIgnoreCase("Host: shop.example.com:" + listener.getLocalPort()));
        assertThat(requestLines.get(0)).startsWith("GET /rest/default/V1/orders?");
    }
}
