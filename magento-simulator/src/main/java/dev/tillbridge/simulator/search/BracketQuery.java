package dev.tillbridge.simulator.search;

import dev.tillbridge.simulator.auth.PercentEncoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a query string into nested maps the way PHP's request parsing does:
 * {@code searchCriteria[filter_groups][0][filters][0][field]=x} becomes
 * {@code {searchCriteria:{filter_groups:{0:{filters:{0:{field:x}}}}}}}. Keys keep their first-seen order, as PHP
 * arrays do, and a later duplicate overwrites an earlier one. {@code a[]=v} appends under the next numeric key.
 */
public final class BracketQuery {

    private BracketQuery() {}

    public static Map<String, Object> parse(String rawQuery) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return root;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = PercentEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PercentEncoding.decode(pair.substring(eq + 1), true);
            put(root, keyPath(name), value);
        }
        return root;
    }

    static List<String> keyPath(String name) {
        List<String> path = new ArrayList<>();
        int open = name.indexOf('[');
        if (open <= 0 || !name.endsWith("]")) {
            path.add(name);
            return path;
        }
        path.add(name.substring(0, open));
        int i = open;
        while (i < name.length() && name.charAt(i) == '[') {
            int close = name.indexOf(']', i);
            if (close < 0) {
                break;
            }
            path.add(name.substring(i + 1, close));
            i = close + 1;
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, String value) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.size(); i++) {
            String key = path.get(i);
            if (key.isEmpty()) {
                key = String.valueOf(nextIndex(node));
            }
            if (i == path.size() - 1) {
                node.put(key, value);
                return;
            }
            Object child = node.get(key);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(key, child);
            }
            node = (Map<String, Object>) child;
        }
    }

    private static int nextIndex(Map<String, Object> node) {
        int next = 0;
        for (String key : node.keySet()) {
            try {
                next = Math.max(next, Integer.parseInt(key) + 1);
            } catch (NumberFormatException ignored) {
                // non-numeric keys do not take part in PHP's next index
            }
        }
        return next;
    }
}
