package dev.tillbridge.magento;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The wire under {@link MagentoClient}: one connection pool for all integrations of a process, every request
 * to an address the {@link OutboundGuard} has just checked.
 *
 * <p>Why Vert.x and not {@code java.net.http}: the JDK client (Java 17) resolves the host itself, so a DNS
 * answer could change between the guard's check and the connection (rebinding), and it has no resolver hook.
 * Vert.x connects to the address we give it ({@link RequestOptions#setServer}) while the Host header, TLS SNI
 * and certificate check still use the store's name, and its pool keys connections by that address too, so a
 * pooled connection is always one to a checked address.
 *
 * <p>Traces: every request is one client span (child of the caller's current span: the poller's cycle, the
 * filter's invoice, the pusher's product save), named by method, with the route, store host and status as
 * attributes. Magento's answer is not recorded, nor any header; no trace header is sent to the store (it is the
 * tenant's system, not one of ours).
 *
 * <p>Blocking: callers wait on a worker thread. The event loops are the transport's own (daemon threads), not
 * the service's, so a caller on a Quarkus event loop cannot deadlock them.
 */
public final class MagentoTransport implements AutoCloseable {

    private static Vertx sharedVertx;

    private final HttpClient http;
    private final OutboundGuard guard;
    private final MagentoClientSettings settings;
    private final Tracer tracer;
    private final MagentoCallMetrics metrics;

    private MagentoTransport(
            HttpClient http,
            OutboundGuard guard,
            MagentoClientSettings settings,
            Tracer tracer,
            MagentoCallMetrics metrics) {
        this.http = http;
        this.guard = guard;
        this.settings = settings;
        this.tracer = tracer;
        this.metrics = metrics;
    }

    /** The instrumentation name of the client spans. */
    public static final String TRACER = "dev.tillbridge.magento";

    /** Without traces or exported metrics (tests and tools outside a service). */
    public static MagentoTransport open(MagentoClientSettings settings, OutboundGuard guard) {
        return open(settings, guard, noTracer(), MagentoCallMetrics.unregistered());
    }

    /** With traces, calls not exported as metrics (trace tests). */
    public static MagentoTransport open(MagentoClientSettings settings, OutboundGuard guard, Tracer tracer) {
        return open(settings, guard, tracer, MagentoCallMetrics.unregistered());
    }

    /** With call metrics, no traces (metric tests). */
    public static MagentoTransport open(
            MagentoClientSettings settings, OutboundGuard guard, MagentoCallMetrics metrics) {
        return open(settings, guard, noTracer(), metrics);
    }

    private static Tracer noTracer() {
        return OpenTelemetry.noop().getTracer(TRACER);
    }

    public static MagentoTransport open(
            MagentoClientSettings settings, OutboundGuard guard, Tracer tracer, MagentoCallMetrics metrics) {
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setVerifyHost(true)
                // SNI even though we connect to an address: virtual-hosted stores pick their certificate by it.
                .setForceSni(true)
                .setDecompressionSupported(false);
        // product-pusher runs up to tens of calls at once against one store; the JDK client had no limit.
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(256);
        return new MagentoTransport(vertx().createHttpClient(options, pool), guard, settings, tracer, metrics);
    }

    private static synchronized Vertx vertx() {
        if (sharedVertx == null) {
            sharedVertx = Vertx.vertx(new VertxOptions()
                    .setEventLoopPoolSize(2)
                    .setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1)
                    .setUseDaemonThread(true)
                    .setFileSystemOptions(
                            new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        }
        return sharedVertx;
    }

    public OutboundGuard guard() {
        return guard;
    }

    /** One answer: status, body bytes, and Retry-After when there was one. */
    record Answer(int status, byte[] body, String retryAfter) {}

    /**
     * Sends one request. Redirects are not followed (a redirect could point anywhere, past the guard).
     *
     * @throws MagentoException.AddressRefused before any connection when the guard refuses the address
     * @throws HttpTimeoutException            no answer within the request timeout
     * @throws ConnectException                nobody accepted the connection
     * @throws IOException                     the connection broke
     */
    Answer exchange(String method, URI uri, String route, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        Span span = tracer.spanBuilder(method)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", method)
                .setAttribute("tillbridge.magento.route", route)
                .setAttribute("server.address", uri.getHost())
                .startSpan();
        long started = System.nanoTime();
        String statusClass = "io_error";
        try {
            Answer answer = exchangeOnce(method, uri, route, headers, body);
            statusClass = MagentoCallMetrics.statusClass(answer.status());
            span.setAttribute("http.response.status_code", answer.status());
            if (answer.status() >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            return answer;
        } catch (IOException | RuntimeException e) {
            statusClass = failureClass(e);
            // The class only: messages may name the store's address, and the caller logs its own sentence.
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            metrics.record(route, statusClass, Duration.ofNanos(System.nanoTime() - started));
            span.end();
        }
    }

    private static String failureClass(Exception e) {
        if (e instanceof MagentoException.AddressRefused) {
            return "refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "timeout";
        }
        return e instanceof ConnectException ? "connect_error" : "io_error";
    }

    private Answer exchangeOnce(String method, URI uri, String route, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        // Resolved and checked here, for this request: the addresses below are the only ones used.
        OutboundGuard.Verdict verdict = guard.destination(uri);
        if (verdict instanceof OutboundGuard.Refused refused) {
            throw new MagentoException.AddressRefused(route, uri.getHost(), refused.reason());
        }
        OutboundGuard.Allowed destination = (OutboundGuard.Allowed) verdict;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(uri.toString())
                .setServer(SocketAddress.inetSocketAddress(
                        destination.port(), destination.addresses().get(0).getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(settings.connectTimeout().toMillis())
                .setIdleTimeout(settings.requestTimeout().toMillis());
        headers.forEach(options::putHeader);
        // The body is asked for inside the send's own callback, as Vert.x documents: a response handed on through
        // another future can reach its callback after a chunk of the body was already dropped for want of a handler
        // (eclipse-vertx/vert.x#5904), which read as a 404 "(empty body)" in MagentoClientTest on a loaded machine.
        Future<Answer> answer = http.request(options)
                .compose(request -> (body == null ? request.send() : request.send(Buffer.buffer(body)))
                        .compose(response -> response.body()
                                .map(bytes -> new Answer(
                                        response.statusCode(), bytes.getBytes(), response.getHeader("Retry-After")))));
        long deadline =
                settings.connectTimeout().toMillis() + settings.requestTimeout().toMillis();
        try {
            return answer.toCompletionStage().toCompletableFuture().get(deadline, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("no answer within " + deadline + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw new HttpTimeoutException(String.valueOf(cause.getMessage()));
            }
            if (cause instanceof ConnectException connect) {
                throw connect;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
