package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.TestIntegration;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An open events stream lives only while its caller may read it: it ends when the token expires, when the
 * integration is deleted, and when the integration changes hands; an ordinary stream stays open.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class EventsStreamAccessTest extends StatusApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "tillbridge.dev-tokens.key-dir")
    String keyDir;

    /** An open stream: the names of the events received, and whether the server ended it. */
    record Stream(List<String> events, CompletableFuture<Instant> ended) {
        boolean open() {
            return !ended.isDone();
        }
    }

    private Stream open(String id, String token) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/integrations/" + id + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response =
                HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        CompletableFuture<Instant> ended = response.thenApplyAsync(r -> {
            r.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    events.add(line.substring(6).trim());
                }
            });
            return Instant.now();
        });
        await().atMost(WAIT).until(() -> events.contains("status"));
        return new Stream(events, ended);
    }

    /** A token like the dev issuer's, signed with its key, that expires at {@code expiresAt}. */
    private String tokenExpiringAt(String account, Instant expiresAt) throws Exception {
        String pem = Files.readString(Path.of(keyDir, "private.pem"), StandardCharsets.US_ASCII);
        byte[] der = Base64.getDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        return Jwt.issuer("https://tillbridge.local/dev-tokens")
                .audience("tillbridge-status-api")
                .subject("short-lived")
                .groups(Set.of("account"))
                .claim("account", account)
                .issuedAt(Instant.now())
                .expiresAt(expiresAt)
                .sign(key);
    }

    private String configured(String account) {
        String id = unique("int");
        configure(id, account, 60);
        String token = tokenFor(account);
        await().atMost(WAIT)
                .until(() ->
                        as(token).get("/api/v1/integrations/{id}/status", id).statusCode() == 200);
        return id;
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() throws Exception {
        String account = unique("acc");
        String id = configured(account);
        Instant expiresAt = Instant.now().plusSeconds(4);
        Stream stream = open(id, tokenExpiringAt(account, expiresAt));
        Stream control = open(id, tokenFor(account));

        Instant ended = stream.ended().get(20, TimeUnit.SECONDS);
        assertThat(ended).isAfterOrEqualTo(expiresAt.minusMillis(1000)); // exp has a one-second resolution
        assertThat(control.open()).as("a stream with a valid token stays open").isTrue();
        control.ended().cancel(true);
    }

    @Test
    void aStreamEndsWhenTheIntegrationIsDeleted() throws Exception {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        Stream stream = open(id, token);

        as(token).delete("/api/v1/integrations/{id}", id).then().statusCode(204);
        assertThat(stream.ended().get(20, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aStreamEndsWhenTheIntegrationChangesHands() throws Exception {
        String account = unique("acc");
        String id = configured(account);
        Stream stream = open(id, tokenFor(account));
        String other = unique("acc");
        IntegrationConfigured handedOver =
                TestIntegration.of(id, other).revision(2).configured();
        publish(Topics.INTEGRATIONS, id, other, id, handedOver);

        assertThat(stream.ended().get(20, TimeUnit.SECONDS)).isNotNull();
        await().atMost(WAIT)
                .until(() -> as(tokenFor(account))
                                .get("/api/v1/integrations/{id}/status", id)
                                .statusCode()
                        == 404);
    }
}
