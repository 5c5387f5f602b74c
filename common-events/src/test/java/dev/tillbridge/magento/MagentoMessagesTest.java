package dev.tillbridge.magento;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.json.EventJson;
import org.junit.jupiter.api.Test;

class MagentoMessagesTest {

    private static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text);
    }

    @Test
    void numberedPlaceholdersAreFilledFromAList() throws Exception {
        assertThat(
                        MagentoMessages.readable(
                                json(
                                        "{\"message\":\"The \\\"%1\\\" attribute value is empty. Set the attribute and try again.\",\"parameters\":[\"name\"]}")))
                .isEqualTo("The \"name\" attribute value is empty. Set the attribute and try again.");
    }

    @Test
    void namedPlaceholdersAreFilledFromAnObject() throws Exception {
        assertThat(
                        MagentoMessages.readable(
                                json(
                                        "{\"message\":\"The consumer isn't authorized to access %resources.\",\"parameters\":{\"resources\":\"Magento_Sales::actions_view\"}}")))
                .isEqualTo("The consumer isn't authorized to access Magento_Sales::actions_view.");
    }

    @Test
    void aggregatesListTheirPartsAndUnknownPlaceholdersStay() throws Exception {
        assertThat(MagentoMessages.readable(json("""
                {"message":"One or more input exceptions have occurred.","errors":[
                  {"message":"\\"%fieldName\\" is required. Enter and try again.","parameters":{"fieldName":"sku"}},
                  {"message":"Value %1 is not %2","parameters":["x"]}]}""")))
                .isEqualTo(
                        "One or more input exceptions have occurred. \"sku\" is required. Enter and try again. Value x is not %2");
    }

    @Test
    void sentencesAreOneBoundedLine() {
        assertThat(MagentoMessages.cap("a\r\nBcc: x@evil.test\u0007")).isEqualTo("a Bcc: x@evil.test");
        assertThat(MagentoMessages.cap("x".repeat(5000))).hasSize(1000);
    }
}
