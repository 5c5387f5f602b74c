package dev.tillbridge.simulator.http;

import dev.tillbridge.simulator.auth.PercentEncoding;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path such as {@code orders/{id}} matched segment by segment; parameters are percent-decoded. */
public record PathTemplate(List<String> segments) {

    public static PathTemplate of(String template) {
        return new PathTemplate(
                Arrays.stream(template.split("/")).filter(s -> !s.isEmpty()).toList());
    }

    public Optional<Map<String, String>> match(List<String> rawSegments) {
        if (rawSegments.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String actual = rawSegments.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                params.put(expected.substring(1, expected.length() - 1), PercentEncoding.decode(actual, false));
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** Splits a raw path into its non-empty segments (a trailing slash does not count). */
    public static List<String> split(String rawPath) {
        return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
