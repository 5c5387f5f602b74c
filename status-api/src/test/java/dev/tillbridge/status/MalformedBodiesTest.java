package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, the answer is a 4xx problem+json, never a 500. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class MalformedBodiesTest extends StatusApiTestSupport {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    record Body(String contentType, byte[] bytes, String label) {
        static Body json(String text) {
            return new Body(
                    "application/json",
                    text.getBytes(StandardCharsets.UTF_8),
                    text.length() > 60 ? text.substring(0, 60) + "…(" + text.length() + ")" : text);
        }
    }

    static List<Body> bodies() {
        String valid = createBody("x1", "secret");
        List<Body> bodies = new ArrayList<>();
        // Not JSON, or not an object
        for (String text : List.of(
                "",
                " ",
                "{",
                "}",
                "{\"name\":",
                "{\"name\": \"x\",}",
                "[1,2",
                "nul",
                "tru",
                "{'name': 'x'}",
                "{name: \"x\"}",
                "\"just a string\"",
                "42",
                "null",
                "[]",
                "[{}]",
                "true",
                "{\"name\": \"x\"} trailing",
                "{\"a\":1}{\"b\":2}",
                "{\"name\": \"x\", \"name\": \"y\"}",
                "{\"name\": \"\\u00\"}",
                "{\"name\": 1e999999999}",
                "\u0000\u0001\u0002",
                "{\"name\": \"x\" /* comment */}",
                "{\"name\": NaN}")) {
            bodies.add(Body.json(text));
        }
        // Deeply nested
        bodies.add(Body.json("[".repeat(5000) + "]".repeat(5000)));
        bodies.add(Body.json("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
        // Wrong types and values per field
        for (String text : List.of(
                "{\"syncIntervalSeconds\": \"sixty\"}",
                "{\"syncIntervalSeconds\": 1.5}",
                "{\"syncIntervalSeconds\": 99999999999999999999}",
                "{\"syncIntervalSeconds\": -1}",
                "{\"storeIds\": \"1,2\"}",
                "{\"storeIds\": [\"a\"]}",
                "{\"downloadMode\": \"SOMETIMES\"}",
                "{\"downloadMode\": 3}",
                "{\"notificationEmails\": \"ops@example.test\"}",
                "{\"notificationEmails\": [\"ops@example.test\\r\\nBcc: evil@example.test\"]}",
                "{\"enabled\": \"yes\"}",
                "{\"startDate\": \"yesterday\"}",
                "{\"magento\": []}",
                "{\"magento\": {\"credentials\": {\"kind\": \"password\"}}}",
                "{\"unknownField\": 1}",
                "{\"name\": null}")) {
            bodies.add(Body.json(valid.substring(0, valid.lastIndexOf('}')) + ", " + text.substring(1)));
        }
        // Oversized: one huge field, and a body over the HTTP limit
        bodies.add(Body.json("{\"name\": \"" + "n".repeat(50_000) + "\"}"));
        bodies.add(Body.json("{\"name\": \"" + "n".repeat(200_000) + "\"}"));
        bodies.add(Body.json("[" + "1,".repeat(500_000) + "1]"));
        // Not JSON at all: wrong content type, invalid UTF-8
        bodies.add(new Body("text/plain", valid.getBytes(StandardCharsets.UTF_8), "text/plain"));
        bodies.add(new Body("application/xml", "<integration/>".getBytes(StandardCharsets.UTF_8), "xml"));
        bodies.add(new Body("application/x-www-form-urlencoded", "name=x".getBytes(StandardCharsets.UTF_8), "form"));
        bodies.add(new Body(
                "application/json",
                new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                "invalid utf-8"));
        bodies.add(new Body("application/json", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, "binary"));
        return bodies;
    }

    @Test
    void fiftyMalformedOrOversizedBodiesAreRefusedWithProblemJsonNever500() throws Exception {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        List<Body> bodies = bodies();
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(50);

        List<String> wrong = new ArrayList<>();
        for (Body body : bodies) {
            for (boolean patch : new boolean[] {false, true}) {
                if (body.bytes().length > maxBody.asLongValue()) {
                    // Over the HTTP limit: sent as a careful client does, headers first with Expect: 100-continue.
                    // The answer must come before the body (the server closes the connection after it; a client
                    // still writing a megabyte then would see a broken pipe instead of the answer).
                    RawHttp.Answer answer = RawHttp.send(
                            RestAssured.port,
                            (patch ? "PATCH /api/v1/integrations/" + id : "POST /api/v1/integrations")
                                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                    + token + "\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: "
                                    + body.bytes().length + "\r\nExpect: 100-continue\r\n\r\n",
                            new byte[0]);
                    String type = answer.header("content-type");
                    if (answer.status() != 413
                            || type == null
                            || !type.startsWith("application/problem+json")
                            || !answer.body().contains("\"status\":413")) {
                        wrong.add((patch ? "PATCH " : "POST ") + body.label() + " -> " + answer.status() + " " + type);
                    }
                    continue;
                }
                var request = body.contentType().startsWith("application/x-www-form-urlencoded")
                        ? as(token).formParam("name", "x")
                        : as(token).contentType(body.contentType()).body(body.bytes());
                Response r =
                        patch ? request.patch("/api/v1/integrations/{id}", id) : request.post("/api/v1/integrations");
                String contentType = r.getContentType();
                boolean problem = contentType != null
                        && contentType.startsWith("application/problem+json")
                        && r.jsonPath().getInt("status") == r.statusCode();
                if (r.statusCode() < 400 || r.statusCode() >= 500 || !problem) {
                    wrong.add(
                            (patch ? "PATCH " : "POST ") + body.label() + " -> " + r.statusCode() + " " + contentType);
                }
            }
        }
        assertThat(wrong).isEmpty();
        // None of them changed the integration.
        as(token).get("/api/v1/integrations/{id}", id).then().statusCode(200).body("revision", Matchers.is(1));
    }
}
