package dev.tillbridge.simulator.http;

import dev.tillbridge.simulator.error.MagentoErrorBody;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.json.SimulatorJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete response: status, content type, body and any extra headers. */
public record OutgoingResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** Magento answers JSON as {@code application/json; charset=utf-8}. */
    public static final String JSON = "application/json; charset=utf-8";

    public static final String HTML = "text/html; charset=utf-8";

    public static OutgoingResponse json(int status, byte[] body) {
        return new OutgoingResponse(status, JSON, body, Map.of());
    }

    public static OutgoingResponse json(int status, Object value) {
        return json(status, SimulatorJson.bytes(value));
    }

    public static OutgoingResponse html(int status, String page) {
        return new OutgoingResponse(status, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static OutgoingResponse error(MagentoException e) {
        return json(e.status(), e.body());
    }

    public static OutgoingResponse internalError() {
        return json(500, MagentoErrorBody.internalError());
    }

    public OutgoingResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new OutgoingResponse(status, contentType, body, Map.copyOf(all));
    }

    /** Keeps the status and headers but only the first half of the body: valid HTTP, unparsable JSON. */
    public OutgoingResponse truncated() {
        byte[] half = new byte[Math.max(1, body.length / 2)];
        System.arraycopy(body, 0, half, 0, Math.min(half.length, body.length));
        return new OutgoingResponse(status, contentType, half, headers);
    }
}
