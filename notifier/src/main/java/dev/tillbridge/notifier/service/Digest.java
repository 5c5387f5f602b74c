package dev.tillbridge.notifier.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.notifier.store.StoredAlert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The alerts of one account that are due together, and so go into one mail: the ones still open (mailed at
 * once or again after an interval) and the ones resolved since the last mail.
 */
public record Digest(String accountId, List<StoredAlert> alerts) {

    public static final int MAX_SUBJECT = 150;

    public Digest {
        Objects.requireNonNull(accountId, "accountId is required");
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a digest names at least one alert");
        }
        alerts = alerts.stream()
                .sorted(Comparator.comparing(StoredAlert::state)
                        .thenComparing(StoredAlert::integrationId)
                        .thenComparing(StoredAlert::code))
                .toList();
    }

    public List<StoredAlert> open() {
        return alerts.stream().filter(a -> a.state() == AlertState.RAISED).toList();
    }

    public List<StoredAlert> resolved() {
        return alerts.stream().filter(a -> a.state() == AlertState.RESOLVED).toList();
    }

    /** An ALERT mail while anything in it is still open; RESOLVED when it only reports resolutions. */
    public NotificationSent.Kind kind() {
        return open().isEmpty() ? NotificationSent.Kind.RESOLVED : NotificationSent.Kind.ALERT;
    }

    public List<String> integrationIds() {
        return alerts.stream()
                .map(StoredAlert::integrationId)
                .distinct()
                .sorted()
                .toList();
    }

    public List<AlertCode> codes() {
        return alerts.stream().map(StoredAlert::code).distinct().sorted().toList();
    }

    /**
     * The same alerts due at the same time give the same Message-ID. Should the notifier die after the SMTP
     * server took a mail but before the database recorded it, the repeat that follows carries the first one's
     * Message-ID, which mail stores use to recognise it as the same message.
     */
    public String messageId(String domain) {
        String identity = accountId + "|"
                + alerts.stream()
                        .map(a -> a.key() + "@" + a.state() + "@" + a.nextDueAt())
                        .collect(Collectors.joining("|"));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** One line, no raw input: integration names are cleaned, everything else is ours. */
    public String subject(String prefix, AccountContact contact) {
        List<StoredAlert> open = open();
        List<StoredAlert> resolved = resolved();
        StringBuilder subject = new StringBuilder("[").append(prefix).append("] ");
        if (!open.isEmpty()) {
            subject.append(
                    open.size() == 1
                            ? "Alert: " + describe(open.get(0), contact)
                            : open.size() + " open alerts on " + names(open, contact));
            if (!resolved.isEmpty()) {
                subject.append("; ").append(resolved.size()).append(" resolved");
            }
        } else {
            subject.append("Resolved: ")
                    .append(
                            resolved.size() == 1
                                    ? describe(resolved.get(0), contact)
                                    : resolved.size() + " alerts on " + names(resolved, contact));
        }
        return HeaderText.singleLine(subject.toString(), MAX_SUBJECT);
    }

    public static String title(AlertCode code) {
        String words = code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        words = words.replace("magento", "Magento");
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String describe(StoredAlert alert, AccountContact contact) {
        return title(alert.code()) + " on " + HeaderText.singleLine(contact.nameOf(alert.integrationId()), 60);
    }

    private static String names(List<StoredAlert> alerts, AccountContact contact) {
        return alerts.stream()
                .map(a -> HeaderText.singleLine(contact.nameOf(a.integrationId()), 40))
                .distinct()
                .sorted()
                .collect(Collectors.joining(", "));
    }
}
