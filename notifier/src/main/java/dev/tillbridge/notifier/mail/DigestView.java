package dev.tillbridge.notifier.mail;

import dev.tillbridge.notifier.service.AccountContact;
import dev.tillbridge.notifier.service.Digest;
import dev.tillbridge.notifier.service.HeaderText;
import dev.tillbridge.notifier.store.StoredAlert;
import io.quarkus.qute.TemplateData;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What the digest templates show, already cleaned: every text from outside is one line (no control characters)
 * and capped, and the HTML template escapes it as well.
 */
@TemplateData
public record DigestView(
        String headline, List<Item> open, List<Item> resolved, long intervalMinutes, String settingsLink) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @TemplateData
    public record Item(
            String integration,
            String integrationId,
            String service,
            String code,
            String title,
            String message,
            String advice,
            String firstSeen,
            String lastSeen,
            int occurrences,
            String resolvedAt) {}

    public static DigestView of(Digest digest, AccountContact contact, Duration interval, String settingsLink) {
        List<Item> open = digest.open().stream().map(a -> item(a, contact)).toList();
        List<Item> resolved =
                digest.resolved().stream().map(a -> item(a, contact)).toList();
        String headline;
        if (open.isEmpty()) {
            headline = resolved.size() == 1 ? "This alert has been resolved." : "These alerts have been resolved.";
        } else {
            headline = open.size() == 1 ? "This alert is unresolved." : open.size() + " alerts are unresolved.";
        }
        return new DigestView(headline, open, resolved, Math.max(1, interval.toMinutes()), settingsLink);
    }

    private static Item item(StoredAlert alert, AccountContact contact) {
        return new Item(
                HeaderText.singleLine(contact.nameOf(alert.integrationId()), 120),
                HeaderText.singleLine(alert.integrationId(), 120),
                alert.service() == null ? "-" : alert.service().name(),
                alert.code().name(),
                Digest.title(alert.code()),
                HeaderText.singleLine(alert.message(), 2000),
                HeaderText.singleLine(alert.advice(), 1000),
                time(alert.firstSeenAt()),
                time(alert.lastSeenAt()),
                alert.occurrences(),
                time(alert.resolvedAt()));
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }
}
