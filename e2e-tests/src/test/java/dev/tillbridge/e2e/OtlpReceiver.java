package dev.tillbridge.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A trace collector on loopback for the services' own OTLP exporter ({@code http/protobuf}, what production
 * points at a collector): it keeps every span it is sent in memory, with the sending service's name, so a test
 * can look at whole traces across processes. It reads the few fields of the OTLP protobuf messages a test needs
 * (ids, parent, name, kind, string attributes) straight from the wire format; everything else is skipped.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One span as exported. Ids are lower-case hex, as in a W3C traceparent; {@code parentSpanId} is "" for a root. */
    record ReceivedSpan(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            int kind,
            Map<String, String> attributes) {}

    static final int KIND_CLIENT = 3;
    static final int KIND_CONSUMER = 5;

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private volatile int requests;

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL for {@code quarkus.otel.exporter.otlp.traces.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    int requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            byte[] body = in.readAllBytes();
            requests++;
            for (Field resourceSpans : fields(body)) {
                if (resourceSpans.number == 1) {
                    readResourceSpans(resourceSpans.bytes);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private void readResourceSpans(byte[] message) {
        String service = "";
        for (Field f : fields(message)) {
            if (f.number == 1) {
                service = attributes(f.bytes, 1).getOrDefault("service.name", "");
            }
        }
        for (Field f : fields(message)) {
            if (f.number == 2) {
                for (Field span : fields(f.bytes)) {
                    if (span.number == 2) {
                        spans.add(readSpan(service, span.bytes));
                    }
                }
            }
        }
    }

    private static ReceivedSpan readSpan(String service, byte[] message) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        for (Field f : fields(message)) {
            switch (f.number) {
                case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
                case 6 -> kind = (int) f.varint;
                default -> {}
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name, kind, attributes(message, 9));
    }

    /** The string-valued KeyValue attributes in field {@code number} of a message. */
    private static Map<String, String> attributes(byte[] message, int number) {
        Map<String, String> attributes = new HashMap<>();
        for (Field f : fields(message)) {
            if (f.number != number) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field kv : fields(f.bytes)) {
                if (kv.number == 1) {
                    key = new String(kv.bytes, StandardCharsets.UTF_8);
                } else if (kv.number == 2) {
                    for (Field any : fields(kv.bytes)) {
                        if (any.number == 1) {
                            value = new String(any.bytes, StandardCharsets.UTF_8);
                        } else if (any.number == 3) {
                            value = Long.toString(any.varint);
                        }
                    }
                }
            }
            if (key != null && value != null) {
                attributes.put(key, value);
            }
        }
        return attributes;
    }

    /** One field of a protobuf message: its number and either its varint or its length-delimited bytes. */
    private record Field(int number, long varint, byte[] bytes) {}

    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < message.length) {
            long tag = varint(message, pos);
            int number = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            switch (type) {
                case 0 -> fields.add(new Field(number, varint(message, pos), null));
                case 1 -> pos[0] += 8;
                case 2 -> {
                    int length = (int) varint(message, pos);
                    byte[] bytes = Arrays.copyOfRange(message, pos[0], pos[0] + length);
                    pos[0] += length;
                    fields.add(new Field(number, 0, bytes));
                }
                case 5 -> pos[0] += 4;
                default -> throw new IllegalArgumentException("protobuf wire type " + type);
            }
        }
        return fields;
    }

    private static long varint(byte[] message, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = message[pos[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
