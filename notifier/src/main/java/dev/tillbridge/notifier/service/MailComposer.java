package dev.tillbridge.notifier.service;

import java.time.Duration;

/** Writes the plain-text and HTML bodies of a digest. */
public interface MailComposer {

    Bodies compose(Digest digest, AccountContact contact, Duration interval, String settingsLink);

    record Bodies(String text, String html) {}
}
