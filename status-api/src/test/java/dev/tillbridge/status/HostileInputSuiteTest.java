package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile input, generated from categories (path ids, query parameters, request bodies, headers, tokens) and sent
 * to the running application over real HTTP: whatever comes in, the answer is never a 5xx, every refusal is
 * problem+json, and the service is still healthy afterwards. Raw protocol abuse (oversized URIs and headers,
 * chunked bodies) is {@link HostileRequestsTest}'s.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class HostileInputSuiteTest extends StatusApiTestSupport {

    private record Probe(String category, String method, String path, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return category + ": " + method + " " + (path.length() > 120 ? path.substring(0, 120) + "…" : path);
        }
    }

    private static final List<String> HOSTILE_IDS = List.of(
            "..",
            "..%2F..%2Fetc%2Fpasswd",
            "a%00b",
            "a%0Ab",
            "a%0D%0ASet-Cookie:%20x=1",
            "%F0%9F%98%80",
            "%E2%80%AE",
            "'%20OR%201=1--",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "a%2Fb",
            "%2e%2e",
            "x".repeat(3000),
            "%25",
            "%25%32%65",
            "%FF%FE",
            "null",
            "-1",
            "1e999",
            "%20",
            "CON",
            "a;b",
            "a,b",
            "%5Bobject%5D",
            "%7B%22%24gt%22%3A%22%22%7D",
            "int-%C0%AE");

    private static final List<String> HOSTILE_VALUES = List.of(
            "",
            "%20",
            "%00",
            "%0A",
            "%2B1000000000-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "0000-00-00T00:00:00Z",
            "2026-13-45T99:99:99Z",
            "9999999999999999999999",
            "-1",
            "NaN",
            "Infinity",
            "1e308",
            "%3Cb%3E",
            "'%3B%20DROP%20TABLE%20log_line%3B--",
            "%C3%28",
            "%FF",
            "x".repeat(2000),
            "eyJhbGciOiJub25lIn0",
            "%7B%7D",
            "true",
            "null",
            "..%2F..%2F",
            "%E2%80%AE",
            "ERROR%00");

    private static final List<String> HOSTILE_BODIES = List.of(
            "",
            "{",
            "}",
            "[]",
            "null",
            "\"string\"",
            "42",
            "true",
            "{\"a\":",
            "{\"integrationId\": null}",
            "{\"integrationId\": 5}",
            "{\"integrationId\": [\"a\"]}",
            "{\"integrationId\": {\"$gt\": \"\"}}",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
            "{\"syncIntervalSeconds\": 1e999}",
            "{\"syncIntervalSeconds\": -1}",
            "{\"syncIntervalSeconds\": \"60\"}",
            "{\"syncIntervalSeconds\": 99999999999999999999}",
            "{\"downloadMode\": \"EVERYTHING\"}",
            "{\"name\": \"" + "\\u0000".repeat(10) + "\"}",
            "{\"name\": \"" + "n".repeat(100_000) + "\"}",
            "{\"notificationEmails\": [\"a@b.c\\u0000\"]}",
            "{\"notificationEmails\": [\"x\\r\\nBcc: evil@x.y\"]}",
            "{\"notificationEmails\": \"ops@example.test\"}",
            "{\"storeIds\": [\"1\"]}",
            "{\"storeIds\": [1.5]}",
            "{\"startDate\": \"+1000000000-12-31T23:59:59Z\"}",
            "{\"startDate\": \"yesterday\"}",
            "{\"magento\": {\"baseUrl\": \"http://169.254.169.254/latest/meta-data\"}}",
            "{\"magento\": {\"baseUrl\": \"file:///etc/passwd\"}}",
            "{\"magento\": {\"baseUrl\": \"http://[::1]:5432\"}}",
            "{\"magento\": {\"baseUrl\": \"gopher://127.0.0.1:6379/_INFO\"}}",
            "{\"magento\": {\"baseUrl\": 7}}",
            "{\"magento\": {\"credentials\": {\"kind\": \"none\"}}}",
            "{\"magento\": null}",
            "{\"integrationId\": \"a\", \"integrationId\": \"b\"}",
            "{\"__proto__\": {\"admin\": true}}",
            "\u00ff\u00fe\u0000{",
            "{\"name\": \"\uD800\"}");

    private static final List<Map<String, String>> HOSTILE_HEADERS = List.of(
            Map.of("Accept", "application/xml"),
            Map.of("Accept", "*/*;q=abc"),
            Map.of("Accept", "text/event-stream"),
            Map.of("Accept", "x".repeat(4000)),
            Map.of("Content-Type", "application/xml"),
            Map.of("Content-Type", "application/json; charset=EBCDIC"),
            Map.of("Content-Type", "multipart/form-data"),
            Map.of("Accept-Language", "zz-ZZ;q=2"),
            Map.of("X-Forwarded-For", "127.0.0.1, 10.0.0.1"),
            Map.of("X-Forwarded-Host", "evil.example"),
            Map.of("Origin", "https://evil.example"),
            Map.of("If-None-Match", "\"" + "e".repeat(3000) + "\""),
            Map.of("Range", "bytes=0-1,2-3,4-5"),
            Map.of("Cookie", "a=" + "b".repeat(3000)),
            Map.of("Accept-Encoding", "gzip;q=1e999"));

    private static final List<String> HOSTILE_TOKENS = List.of(
            "",
            "Bearer",
            "Bearer ",
            "Bearer a.b.c",
            "Bearer eyJhbGciOiJub25lIn0.eyJhY2NvdW50IjoiYSJ9.",
            "Bearer " + "A".repeat(8000),
            "Basic dXNlcjpwYXNz",
            "bearer%00x",
            "Bearer ..",
            "Bearer e30.e30.e30",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJhY2NvdW50IjpbImEiLCJiIl19.c2ln",
            "Digest username=\"x\"",
            "Bearer null");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void threeHundredHostileRequestsGetNo5xxEveryRefusalIsProblemJsonAndTheServiceStaysHealthy() throws Exception {
        String account = unique("acc");
        String token = "Bearer " + tokenFor(account);
        String own = unique("int");
        createIntegration(tokenFor(account), createBody(own, "hostile-suite-secret"))
                .then()
                .statusCode(201);

        List<Probe> probes = new ArrayList<>();
        Map<String, String> auth = Map.of("Authorization", token);
        for (String id : HOSTILE_IDS) {
            for (String[] route : new String[][] {
                {"GET", ""},
                {"PATCH", ""},
                {"DELETE", ""},
                {"GET", "/status"},
                {"GET", "/logs"},
                {"GET", "/orders/skipped"},
                {"POST", "/orders/" + id + "/redownload"}
            }) {
                probes.add(new Probe(
                        "id",
                        route[0],
                        "/api/v1/integrations/" + id + route[1],
                        auth,
                        route[0].equals("PATCH") ? "{\"syncIntervalSeconds\": 300}" : null));
            }
        }
        for (String value : HOSTILE_VALUES) {
            for (String parameter : List.of("since", "cursor", "service", "type", "limit")) {
                probes.add(new Probe(
                        "parameter",
                        "GET",
                        "/api/v1/integrations/" + own + "/logs?" + parameter + "=" + value,
                        auth,
                        null));
            }
            probes.add(new Probe(
                    "parameter", "GET", "/api/v1/integrations/" + own + "/orders/skipped?cursor=" + value, auth, null));
            probes.add(new Probe(
                    "parameter", "GET", "/api/v1/integrations?cursor=" + value + "&limit=" + value, auth, null));
        }
        for (String body : HOSTILE_BODIES) {
            Map<String, String> json = Map.of("Authorization", token, "Content-Type", "application/json");
            probes.add(new Probe("body", "POST", "/api/v1/integrations", json, body));
            probes.add(new Probe("body", "PATCH", "/api/v1/integrations/" + own, json, body));
        }
        for (Map<String, String> headers : HOSTILE_HEADERS) {
            Map<String, String> with = new HashMap<>(headers);
            with.put("Authorization", token);
            probes.add(new Probe("header", "GET", "/api/v1/integrations/" + own + "/status", with, null));
            probes.add(new Probe("header", "POST", "/api/v1/integrations", with, "{}"));
        }
        for (String authorization : HOSTILE_TOKENS) {
            Map<String, String> headers = authorization.isEmpty() ? Map.of() : Map.of("Authorization", authorization);
            probes.add(new Probe("token", "GET", "/api/v1/integrations", headers, null));
            probes.add(new Probe("token", "GET", "/api/v1/integrations/" + own + "/events", headers, null));
            probes.add(new Probe("token", "DELETE", "/api/v1/integrations/" + own, headers, null));
        }
        assertThat(probes).as("requests generated").hasSizeGreaterThanOrEqualTo(300);

        List<String> failures = new ArrayList<>();
        int refused = 0;
        for (Probe probe : probes) {
            HttpResponse<String> answer = send(probe);
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (answer.statusCode() >= 500) {
                failures.add(probe + " → " + answer.statusCode() + " " + abbreviate(answer.body()));
            } else if (answer.statusCode() >= 400) {
                refused++;
                if (!type.startsWith("application/problem+json")) {
                    failures.add(probe + " → " + answer.statusCode() + " as '" + type + "', not problem+json");
                }
            }
        }
        assertThat(failures)
                .as("of %d hostile requests (%d refused)", probes.size(), refused)
                .isEmpty();
        assertThat(refused).as("most hostile requests are refused").isGreaterThan(probes.size() / 2);
        assertThat(send(new Probe("health", "GET", "/q/health/ready", Map.of(), null))
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(new Probe("still works", "GET", "/api/v1/integrations/" + own, auth, null))
                        .body())
                .contains(own)
                .doesNotContain("hostile-suite-secret");
    }

    private HttpResponse<String> send(Probe probe) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + probe.path()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        probe.method(),
                        probe.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(probe.body(), StandardCharsets.UTF_8));
        probe.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
