package dev.tillbridge.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The JDK's HTTP server with an explicit pool. The pool is large because requests held by the capacity model
 * (waiting in line or "in service") block their thread; the capacity model, not this pool, is what limits a
 * store.
 */
public final class SimulatorHttpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SimulatorHttpServer.class.getName());

    static {
        // The JDK server writes headers and body in separate packets; without TCP_NODELAY every reused keep-alive
        // connection waits ~40 ms for the client's delayed ACK (Nagle). Read once, when the server class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private SimulatorHttpServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    public static SimulatorHttpServer start(
            String host, int port, int threads, Function<IncomingRequest, OutgoingResponse> handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 512);
            ThreadPoolExecutor executor = new ThreadPoolExecutor(
                    threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads());
            executor.allowCoreThreadTimeOut(true);
            server.setExecutor(executor);
            server.createContext("/", exchange -> serve(exchange, handler));
            server.start();
            return new SimulatorHttpServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, Function<IncomingRequest, OutgoingResponse> handler) {
        try (exchange) {
            OutgoingResponse response;
            try {
                response = handler.apply(read(exchange));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "unexpected error serving " + exchange.getRequestURI(), e);
                response = OutgoingResponse.internalError();
            }
            write(exchange, response);
        } catch (IOException e) {
            // The client went away (often on purpose: a timeout test); nothing to answer.
            LOG.log(Level.DEBUG, "could not write response: " + e.getMessage());
        }
    }

    private static IncomingRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            host = exchange.getLocalAddress().getHostString() + ":"
                    + exchange.getLocalAddress().getPort();
        }
        return new IncomingRequest(
                exchange.getRequestMethod(),
                "http",
                host,
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(),
                body);
    }

    private static void write(HttpExchange exchange, OutgoingResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers()
                .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody =
                response.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sim-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
