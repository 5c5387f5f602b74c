package dev.tillbridge.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.search.InputLimits;
import java.util.Iterator;
import java.util.Map;

/**
 * Magento's "Input List Limit" (docs/magento-api.md §7): with input limits on, a request array longer than 20 (sync) or 5000
 * (async) items is refused with {@code Maximum items of type "%type" is %max}. The {@code type} value names the
 * array's PHP type where the simulator knows it and the JSON key otherwise (Magento's exact value is unconfirmed).
 */
final class InputListLimits {

    private static final Map<String, String> TYPES = Map.of(
            "items", "\\Magento\\Sales\\Api\\Data\\InvoiceItemCreationInterface[]",
            "custom_attributes", "\\Magento\\Framework\\Api\\AttributeInterface[]",
            "sourceItems", "\\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface[]",
            "", "\\Magento\\Catalog\\Api\\Data\\ProductInterface[]");

    private InputListLimits() {}

    static void check(JsonNode body, InputLimits limits, boolean async) {
        if (limits.enabled()) {
            walk("", body, async ? limits.asyncListLimit() : limits.listLimit());
        }
    }

    private static void walk(String key, JsonNode node, int max) {
        if (node.isArray()) {
            if (node.size() > max) {
                throw MagentoException.input(
                        "Maximum items of type \"%type\" is %max",
                        Map.of("type", TYPES.getOrDefault(key, key), "max", max));
            }
            node.forEach(element -> walk(key, element, max));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(field.getKey(), field.getValue(), max);
            }
        }
    }
}
