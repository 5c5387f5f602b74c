package dev.tillbridge.magento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Magento's answers are read from their bytes: UTF-8 text, blank bodies and HTML pages. */
class MagentoResponseTest {

    private static MagentoTransport.Answer answer(int status, String body) {
        return new MagentoTransport.Answer(status, body.getBytes(StandardCharsets.UTF_8), null);
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

    @Test
    void aNonMagentoErrorBodyIsNeverCopiedIntoTheSentence() {
        // Whatever answers at a tenant's base URL must not reach their Logs page: status and a fixed sentence.
        for (String body : List.of(
                "ami-id\ninstance-id\nsecret-key AKIA-INTERNAL",
                "{\"kind\":\"Status\",\"reason\":\"Forbidden\",\"details\":\"internal-db.svc\"}",
                "[\"internal\"]")) {
            assertThatThrownBy(() -> MagentoClient.interpret("GET /V1/orders", answer(403, body)))
                    .isInstanceOf(MagentoException.AuthFailed.class)
                    .hasMessage("Magento answered GET /V1/orders with HTTP 403 (a body that is not Magento's JSON).");
        }
        assertThatThrownBy(
                        () -> MagentoClient.interpret("GET /V1/orders", answer(200, "root:x:0:0:root:/root:/bin/bash")))
                .isInstanceOf(MagentoException.UnreadableResponse.class)
                .hasMessage("Magento answered GET /V1/orders with 200 but the body is not JSON (a body that is not "
                        + "Magento's JSON).");
    }

    @Test
    void magentosOwnErrorShapeIsStillReadAsASentence() {
        assertThatThrownBy(() -> MagentoClient.interpret(
                        "GET /V1/orders/7",
                        answer(
                                404,
                                "{\"message\":\"No such entity with %fieldName = %fieldValue\","
                                        + "\"parameters\":{\"fieldName\":\"id\",\"fieldValue\":\"7\"}}")))
                .isInstanceOf(MagentoException.NotFound.class)
                .hasMessage("No such entity with id = 7");
    }
}
