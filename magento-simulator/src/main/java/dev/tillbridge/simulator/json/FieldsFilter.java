package dev.tillbridge.simulator.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Magento's partial responses ({@code ?fields=items[entity_id,updated_at],total_count}, docs/magento-api.md §2):
 * a successful answer keeps only the named keys; {@code name[a,b]} keeps {@code a} and {@code b} inside the object
 * {@code name}, or inside every element of the list {@code name}; nesting goes as deep as the brackets. A key the
 * answer does not have is left out, not added.
 */
public final class FieldsFilter {

    /** Selected key to its own selection (empty: keep the whole value). */
    private final Map<String, FieldsFilter> keys;

    private FieldsFilter(Map<String, FieldsFilter> keys) {
        this.keys = keys;
    }

    /** The selection of a {@code fields} parameter, or null when it selects nothing (the answer stays whole). */
    public static FieldsFilter parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        int[] at = {0};
        FieldsFilter filter = list(spec, at);
        return filter.keys.isEmpty() ? null : filter;
    }

    private static FieldsFilter list(String spec, int[] at) {
        Map<String, FieldsFilter> keys = new LinkedHashMap<>();
        StringBuilder name = new StringBuilder();
        while (at[0] < spec.length()) {
            char c = spec.charAt(at[0]++);
            if (c == '[') {
                keys.put(name.toString().trim(), list(spec, at));
                name.setLength(0);
            } else if (c == ']') {
                break;
            } else if (c == ',') {
                add(keys, name);
            } else {
                name.append(c);
            }
        }
        add(keys, name);
        return new FieldsFilter(keys);
    }

    private static void add(Map<String, FieldsFilter> keys, StringBuilder name) {
        String key = name.toString().trim();
        if (!key.isEmpty()) {
            keys.putIfAbsent(key, new FieldsFilter(Map.of()));
        }
        name.setLength(0);
    }

    /** The answer {@code json} with only the selected keys. */
    public byte[] apply(byte[] json) {
        try {
            JsonNode tree = SimulatorJson.mapper().readTree(json);
            return SimulatorJson.mapper().writeValueAsBytes(select(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode select(JsonNode node) {
        if (keys.isEmpty()) {
            return node;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = array.arrayNode();
            array.forEach(element -> out.add(select(element)));
            return out;
        }
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        // In the answer's order, as PHP's array filtering keeps it.
        ObjectNode out = object.objectNode();
        object.properties().forEach(e -> {
            FieldsFilter sub = keys.get(e.getKey());
            if (sub != null) {
                out.set(e.getKey(), sub.select(e.getValue()));
            }
        });
        return out;
    }
}
