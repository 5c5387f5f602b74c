package dev.tillbridge.simulator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Plain HTTP against a running simulator, with Bearer, OAuth 1.0a or no credentials. */
public final class MagentoTestClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;
    private final String bearer;
    private final TestOAuthSigner signer;
    private Duration timeout = Duration.ofSeconds(30);

    private MagentoTestClient(String baseUrl, String bearer, TestOAuthSigner signer) {
        this.baseUrl = baseUrl;
        this.bearer = bearer;
        this.signer = signer;
    }

    public static MagentoTestClient bearer(String baseUrl, String token) {
        return new MagentoTestClient(baseUrl, token, null);
    }

    public static MagentoTestClient oauth(String baseUrl, TestOAuthSigner signer) {
        return new MagentoTestClient(baseUrl, null, signer);
    }

    public static MagentoTestClient anonymous(String baseUrl) {
        return new MagentoTestClient(baseUrl, null, null);
    }

    public MagentoTestClient withTimeout(Duration requestTimeout) {
        MagentoTestClient copy = new MagentoTestClient(baseUrl, bearer, signer);
        copy.timeout = requestTimeout;
        return copy;
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, String json) {
        return send("POST", path, json);
    }

    public Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    public Reply patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    public Reply send(String method, String path, String json) {
        URI uri = URI.create(baseUrl + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (signer != null) {
            request.header(
                    "Authorization",
                    signer.authorization(
                            method,
                            uri,
                            String.valueOf(System.currentTimeMillis() / 1000),
                            UUID.randomUUID().toString().replace("-", "")));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
