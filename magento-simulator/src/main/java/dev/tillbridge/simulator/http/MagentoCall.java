package dev.tillbridge.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.json.SimulatorJson;
import java.io.IOException;
import java.util.Map;

/**
 * A request that matched a Magento route: the store code it was sent to ({@code all}, a view code, or the
 * default view's code when the URL had none), the route's key, path parameters, the PHP-style parsed query and
 * the raw body.
 */
public record MagentoCall(
        String storeCode, String routeKey, Map<String, String> pathParams, Map<String, Object> query, byte[] body) {

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** An integer path parameter; anything else fails Magento's type check with a 400. */
    public int intPathParam(String name) {
        String value = pathParams.get(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw MagentoException.input(MagentoException.INVALID_TYPE, Map.of("value", value, "type", "int"));
        }
    }

    /** The JSON body; an empty body reads as {@code {}}, an unparsable one is Magento's 400 "Decoding error.". */
    public JsonNode jsonBody() {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return SimulatorJson.mapper().readTree(body);
        } catch (IOException e) {
            throw MagentoException.input("Decoding error.");
        }
    }
}
