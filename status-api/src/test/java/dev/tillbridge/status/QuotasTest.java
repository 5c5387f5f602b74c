package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * One tenant cannot take more than its share: integrations per account, re-downloads per minute and open event
 * streams per caller each answer 429 problem+json with Retry-After once reached, and only for that tenant.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class QuotasTest extends StatusApiTestSupport {

    @ConfigProperty(name = "tillbridge.status.quota.integrations-per-account")
    int integrationsPerAccount;

    @ConfigProperty(name = "tillbridge.status.quota.redownloads-per-minute")
    int redownloadsPerMinute;

    @ConfigProperty(name = "tillbridge.status.quota.streams-per-caller")
    int streamsPerCaller;

    @TestHTTPResource("/")
    URL base;

    private String create(String token, String id) {
        return createIntegration(token, createBody(id, "s")).then().extract().statusLine();
    }

    private static void assertQuotaProblem(Response answer, String setting, long maxRetryAfter) {
        answer.then().statusCode(429).contentType("application/problem+json").body("status", Matchers.is(429));
        long retryAfter = Long.parseLong(answer.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, maxRetryAfter);
        assertThat(answer.jsonPath().getString("detail")).isNotBlank();
    }

    @Test
    void anAccountWithTheMostIntegrationsCannotCreateAnotherUntilItDeletesOne() {
        String account = unique("acc");
        String token = tokenFor(account);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < integrationsPerAccount; i++) {
            String id = unique("int");
            assertThat(create(token, id)).contains("201");
            ids.add(id);
        }
        Response refused = createIntegration(token, createBody(unique("int"), "s"));
        assertQuotaProblem(refused, "integrations-per-account", 3600);
        refused.then().body("detail", containsString("Delete one first"));
        assertThat(create(tokenFor(unique("acc")), unique("int")))
                .as("another account is not limited")
                .contains("201");

        as(token).delete("/api/v1/integrations/{id}", ids.get(0)).then().statusCode(204);
        assertThat(create(token, unique("int"))).contains("201");
    }

    @Test
    void reDownloadsAreLimitedPerAccountAndMinute() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = unique("int");
        assertThat(create(token, id)).contains("201");
        for (int i = 1; i <= redownloadsPerMinute; i++) {
            as(token)
                    .post("/api/v1/integrations/{id}/orders/{entity}/redownload", id, i)
                    .then()
                    .statusCode(202);
        }
        Response refused = as(token).post("/api/v1/integrations/{id}/orders/{entity}/redownload", id, 99);
        assertQuotaProblem(refused, "redownloads-per-minute", 60);

        String other = unique("acc");
        String otherId = unique("int");
        assertThat(create(tokenFor(other), otherId)).contains("201");
        as(tokenFor(other))
                .post("/api/v1/integrations/{id}/orders/{entity}/redownload", otherId, 1)
                .then()
                .statusCode(202);
    }

    @Test
    void aCallerHoldsAtMostSoManyEventStreamsAndAClosedOneFreesItsPlace() throws Exception {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = unique("int");
        assertThat(create(token, id)).contains("201");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/integrations/" + id + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < streamsPerCaller; i++) {
                HttpResponse<InputStream> stream = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                        .get(30, TimeUnit.SECONDS);
                assertThat(stream.statusCode()).isEqualTo(200);
                open.add(stream.body());
            }
            HttpResponse<String> refused = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            // The browser tab closes: the server notices the closed connection and the place is free again.
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        HttpResponse<InputStream> again = http.sendAsync(
                                        request, HttpResponse.BodyHandlers.ofInputStream())
                                .get(30, TimeUnit.SECONDS);
                        if (again.statusCode() == 200) {
                            open.add(again.body());
                            return true;
                        }
                        again.body().close();
                        return false;
                    });
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }
}
