package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The events stream carries progress, cycle and alert changes as status-api reads them from Kafka. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class LiveEventsTest extends StatusApiTestSupport {

    @TestHTTPResource("/")
    URL base;

    /** One received event: its name and data line. */
    record Received(String name, String data) {}

    @Test
    void progressCycleAndAlertChangesArriveLiveOverServerSentEvents() throws Exception {
        OtherServices services = configuredIntegration();
        String id = services.integrationId();
        String token = tokenFor(services.accountId());
        await().atMost(Duration.ofMinutes(2))
                .until(() ->
                        as(token).get("/api/v1/integrations/{id}/status", id).statusCode() == 200);

        List<Received> received = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/integrations/" + id + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = response.thenAcceptAsync(r -> {
            String[] name = {null};
            r.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    name[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    received.add(new Received(name[0], line.substring(5).trim()));
                }
            });
        });
        try {
            assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> received.stream().anyMatch(e -> "status".equals(e.name())));

            for (int sent = 1; sent <= 3; sent++) {
                services.running("run-1", sent, 10, Instant.now());
            }
            services.cycleSucceeded(Instant.now().minusSeconds(60), Instant.now(), 2, null);
            services.magentoUnreachable(Instant.now());

            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                assertThat(received)
                        .filteredOn(e -> "progress".equals(e.name()))
                        .extracting(Received::data)
                        .anySatisfy(d -> assertThat(d).contains("\"label\":\"Updating Product 4 of 10\""));
                assertThat(received)
                        .filteredOn(e -> "cycle".equals(e.name()))
                        .extracting(Received::data)
                        .anySatisfy(d -> assertThat(d).contains("\"outcome\":\"SUCCEEDED\"", "\"ordersSeen\":2"));
                assertThat(received)
                        .filteredOn(e -> "alert".equals(e.name()))
                        .extracting(Received::data)
                        .anySatisfy(
                                d -> assertThat(d).contains("\"code\":\"MAGENTO_UNREACHABLE\"", "Magento timed out"));
            });
            // Progress arrives in the order it was read.
            List<String> labels = received.stream()
                    .filter(e -> "progress".equals(e.name()))
                    .map(e -> e.data().replaceAll(".*\"label\":\"([^\"]+)\".*", "$1"))
                    .toList();
            assertThat(labels)
                    .containsExactly(
                            "Updating Product 2 of 10", "Updating Product 3 of 10", "Updating Product 4 of 10");
        } finally {
            // Closing the body stream cancels the subscription and lets the server end the stream.
            response.thenAccept(r -> r.body().close());
            reading.cancel(true);
        }
    }
}
