package dev.tillbridge.simulator.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code Authorization: OAuth k="v", ...} (RFC 5849 §3.5.1). Values are percent-decoded; {@code realm}
 * is dropped because it never takes part in the signature.
 */
public final class OAuthAuthorizationHeader {

    private OAuthAuthorizationHeader() {}

    public static Optional<Map<String, String>> parse(String header) {
        if (header == null
                || header.length() < 6
                || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("oauth ")) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : splitOutsideQuotes(header.substring(6))) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            String name = PercentEncoding.decode(item.substring(0, eq).trim(), false);
            String raw = item.substring(eq + 1).trim();
            if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
                raw = raw.substring(1, raw.length() - 1);
            }
            if (!name.equals("realm")) {
                params.put(name, PercentEncoding.decode(raw, false));
            }
        }
        return Optional.of(params);
    }

    private static Iterable<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
