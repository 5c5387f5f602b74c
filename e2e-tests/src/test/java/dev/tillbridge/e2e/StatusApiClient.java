package dev.tillbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * status-api's REST API as a front end calls it: a bearer token signed by the run's own key ({@link DemoTokens},
 * as an identity provider would sign it), JSON in and out. Answers carry the status code, so tests assert on both.
 */
final class StatusApiClient {

    record Answer(int status, JsonNode body, String text) {}

    private final String baseUrl;
    private final DemoTokens tokens;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StatusApiClient(String baseUrl, DemoTokens tokens) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
    }

    /** A token of {@code account}. */
    String tokenFor(String account) {
        return tokens.forAccount(account);
    }

    Answer get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    Answer post(String path, String token, String json) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                token);
    }

    Answer patch(String path, String token, String json) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/merge-patch+json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)),
                token);
    }

    Answer delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), token);
    }

    /** {@code GET /api/v1/integrations/{id}/status}, which must answer 200. */
    JsonNode status(String integrationId, String token) {
        return ok(get("/api/v1/integrations/" + integrationId + "/status", token));
    }

    /** {@code GET /api/v1/integrations/{id}/logs?service=&type=&limit=200}, newest first. */
    JsonNode logs(String integrationId, String token, String service, String type) {
        return ok(get(
                        "/api/v1/integrations/" + integrationId + "/logs?service=" + service + "&type=" + type
                                + "&limit=200",
                        token))
                .path("items");
    }

    /** {@code GET /api/v1/integrations/{id}/orders/skipped?reason=&limit=200}. */
    JsonNode skipped(String integrationId, String token, String reason) {
        return ok(get(
                        "/api/v1/integrations/" + integrationId + "/orders/skipped?reason=" + reason + "&limit=200",
                        token))
                .path("items");
    }

    private static JsonNode ok(Answer answer) {
        if (answer.status() != 200) {
            throw new AssertionError("status-api answered " + answer.status() + ": " + answer.text());
        }
        return answer.body();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Answer send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.header("Accept", "application/json").timeout(Duration.ofSeconds(20));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body =
                    text == null || text.isBlank() ? null : EventJson.mapper().readTree(text);
            return new Answer(response.statusCode(), body, text);
        } catch (IOException e) {
            throw new IllegalStateException("status-api did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
