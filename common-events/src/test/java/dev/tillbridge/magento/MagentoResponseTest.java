package dev.tillbridge.magento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** Magento's answers are read from their bytes: UTF-8 text, blank bodies and HTML pages. */
class MagentoResponseTest {

    private static HttpResponse<byte[]> answer(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse<>() {
            public int statusCode() { return status; }
            public HttpRequest request() { return null; }
            public Optional<HttpResponse<byte[]>> previousResponse() { return Optional.empty(); }
            public HttpHeaders headers() { return HttpHeaders.of(Map.of(), (a, b) -> true); }
            public byte[] body() { return bytes; }
            public Optional<SSLSession> sslSession() { return Optional.empty(); }
            public URI uri() { return URI.create("http://magento.test/rest/V1/orders"); }
            public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
        };
    }

    @Test
    void nonLatinTextSurvivesReadingFromBytes() {
        var json = MagentoClient.interpret("GET /V1/orders", answer(200, "{\"customer_firstname\":\"Zoë Łukasz 王\"}"));
        assertThat(json.get("customer_firstname").asText()).isEqualTo("Zoë Łukasz 王");
    }

    @Test
    void aBlankOrHtmlOkBodyIsUnreadable() {
        for (String body : List.of("", "  \n", "<html><body>Maintenance</body></html>")) {
            assertThatThrownBy(() -> MagentoClient.interpret("GET /V1/orders", answer(200, body)))
                    .isInstanceOf(MagentoException.UnreadableResponse.class)
                    .hasMessageContaining("not JSON");
        }
    }
}
