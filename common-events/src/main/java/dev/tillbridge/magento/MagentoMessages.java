package dev.tillbridge.magento;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Magento's error bodies into sentences. Magento sends {@code message} with its placeholders left
 * in ({@code %1}, {@code %fieldName}) and the values in {@code parameters}: a list for numbered ones, an
 * object for named ones. Aggregates ("One or more input exceptions have occurred.") list their parts in
 * {@code errors}, which are appended.
 */
public final class MagentoMessages {

    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\w+)");
    private static final int MAX_LENGTH = 1000;

    private MagentoMessages() {}

    public static String readable(JsonNode body) {
        String sentence = fill(text(body.get("message")), body.get("parameters"));
        JsonNode errors = body.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            StringBuilder all = new StringBuilder(sentence);
            for (JsonNode error : errors) {
                all.append(all.isEmpty() ? "" : " ").append(fill(text(error.get("message")), error.get("parameters")));
            }
            sentence = all.toString();
        }
        return cap(sentence.strip());
    }

    public static String fill(String message, JsonNode parameters) {
        if (message == null) {
            return "";
        }
        if (parameters == null || parameters.isNull()) {
            return message;
        }
        Matcher m = PLACEHOLDER.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            JsonNode value = lookup(parameters, name);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value.asText()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode lookup(JsonNode parameters, String name) {
        if (parameters.isArray()) {
            // %1 is the first element.
            if (name.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(name) - 1;
                return index >= 0 && index < parameters.size() ? parameters.get(index) : null;
            }
            return null;
        }
        if (parameters.isObject()) {
            if (parameters.has(name)) {
                return parameters.get(name);
            }
            // Some modules name them "1", "2" in an object.
            for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals(name)) {
                    return field.getValue();
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    /** A sentence for operators: one line, printable, bounded. */
    public static String cap(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "");
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH - 1) + "…";
    }
}
