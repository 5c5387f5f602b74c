package dev.tillbridge.notifier.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The addresses an account's mail goes to, checked: a plain {@code local@domain} (no display name, no
 * comments, no spaces or control characters, at most 254 characters), each once. Anything else is rejected
 * and reported, never passed to SMTP, so a configured "address" cannot add headers or recipients.
 */
public record Recipients(List<String> accepted, List<String> rejected) {

    public static final int MAX_RECIPIENTS = 20;

    private static final Pattern ADDRESS =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    public Recipients {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    public static Recipients check(List<String> addresses) {
        Map<String, String> accepted = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        for (String raw : addresses) {
            String address = raw == null ? "" : raw.strip();
            if (isValid(address) && accepted.size() < MAX_RECIPIENTS) {
                accepted.putIfAbsent(address.toLowerCase(Locale.ROOT), address);
            } else if (!accepted.containsKey(address.toLowerCase(Locale.ROOT))) {
                rejected.add(raw == null ? "" : raw);
            }
        }
        return new Recipients(new ArrayList<>(accepted.values()), rejected);
    }

    public static boolean isValid(String address) {
        if (address == null
                || address.length() > 254
                || !ADDRESS.matcher(address).matches()) {
            return false;
        }
        return address.indexOf('@') <= 64;
    }

    public boolean isEmpty() {
        return accepted.isEmpty();
    }
}
