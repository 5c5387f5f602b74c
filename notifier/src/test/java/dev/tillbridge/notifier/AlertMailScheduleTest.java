package dev.tillbridge.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.infra.SmtpInbox;
import dev.tillbridge.notifier.store.StoredAlert;
import dev.tillbridge.notifier.support.NotifierTestSupport;
import dev.tillbridge.notifier.support.SmtpPortResource;
import dev.tillbridge.notifier.support.SmtpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The notifier end to end: alerts from the real broker, state in the real database, mail over real SMTP. */
@QuarkusTest
@WithTestResource(NotifierTestResource.class)
@WithTestResource(SmtpPortResource.class)
class AlertMailScheduleTest extends NotifierTestSupport {

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "tillbridge.notifier.retry.max")
    Duration retryMax;

    private record Step(Duration after, int mails) {}

    @Test
    void anAlertUnresolvedFor35MinutesIsMailedAtMinutes0_10_20_30ThenOnceWhenResolvedAndNeverAgain()
            throws MessagingException {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured shop = integration(account, "Corner Shop", List.of(email), null);

        Instant raisedAt = clock.instant();
        raise(shop, AlertCode.MAGENTO_UNREACHABLE, "Service Unavailable (503) from /rest/V1/orders", 1);
        awaitAlert(shop, AlertCode.MAGENTO_UNREACHABLE, a -> a.state() == AlertState.RAISED);
        awaitTicks(2);
        assertThat(mailsTo(email)).as("inside the gather window").isEmpty();

        // Minute 0 is the end of the gather window; from there the mail repeats every ten minutes.
        Instant minute0 = raisedAt.plus(gather);
        List<Step> steps = List.of(
                new Step(Duration.ZERO, 1),
                new Step(Duration.ofMinutes(5), 1),
                new Step(Duration.ofMinutes(10).minusSeconds(1), 1),
                new Step(Duration.ofMinutes(10), 2),
                new Step(Duration.ofMinutes(12), 2),
                new Step(Duration.ofMinutes(20).minusSeconds(1), 2),
                new Step(Duration.ofMinutes(20), 3),
                new Step(Duration.ofMinutes(25), 3),
                new Step(Duration.ofMinutes(30).minusSeconds(1), 3),
                new Step(Duration.ofMinutes(30), 4),
                new Step(Duration.ofMinutes(35).minusSeconds(1), 4));
        for (Step step : steps) {
            clock.moveTo(minute0.plus(step.after()));
            if (step.after().equals(Duration.ofMinutes(12))) {
                // The alert keeps happening: the next mail shows the newest details, but is not sent earlier.
                raise(shop, AlertCode.MAGENTO_UNREACHABLE, "Gateway Timeout (504) from /rest/V1/orders", 7);
                awaitAlert(shop, AlertCode.MAGENTO_UNREACHABLE, a -> a.occurrences() == 7);
            }
            awaitTickAtCurrentClock();
            assertThat(mailsTo(email)).as("mails by minute %s", step.after()).hasSize(step.mails());
        }

        clock.moveTo(minute0.plus(Duration.ofMinutes(35)));
        resolve(shop, AlertCode.MAGENTO_UNREACHABLE);
        awaitAlert(shop, AlertCode.MAGENTO_UNREACHABLE, a -> a.state() == AlertState.RESOLVED);
        clock.advance(gather);
        await().atMost(Duration.ofMinutes(2)).until(() -> mailsTo(email).size() == 5);
        for (Duration later : List.of(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(60))) {
            clock.moveTo(minute0.plus(Duration.ofMinutes(35)).plus(later));
            awaitTickAtCurrentClock();
        }
        List<MimeMessage> mails = mailsTo(email);
        assertThat(mails).hasSize(5);

        MimeMessage first = mails.get(0);
        assertThat(first.getSubject()).isEqualTo("[Tillbridge] Alert: Magento unreachable on Corner Shop");
        assertThat(SmtpInbox.recipients(first)).containsExactly(email);
        assertThat(first.getHeader("List-Unsubscribe", null))
                .isEqualTo("<https://app.tillbridge.test/settings?account=" + account + ">");
        assertThat(SmtpInbox.body(first, "text/plain"))
                .contains(
                        "MAGENTO_UNREACHABLE",
                        "Corner Shop",
                        "Service Unavailable (503) from /rest/V1/orders",
                        AlertCode.MAGENTO_UNREACHABLE.advice(),
                        "Occurrences: 1",
                        "https://app.tillbridge.test/settings?account=" + account,
                        "every 10 minutes");
        assertThat(SmtpInbox.body(first, "text/html"))
                .contains(
                        "Service Unavailable (503)",
                        "href=\"https://app.tillbridge.test/settings?account=" + account + "\"");
        assertThat(SmtpInbox.body(mails.get(2), "text/plain"))
                .contains("Gateway Timeout (504) from /rest/V1/orders", "Occurrences: 7");
        MimeMessage resolved = mails.get(4);
        assertThat(resolved.getSubject()).isEqualTo("[Tillbridge] Resolved: Magento unreachable on Corner Shop");
        assertThat(SmtpInbox.body(resolved, "text/plain")).contains("resolved", "MAGENTO_UNREACHABLE");

        StoredAlert held =
                store.find(shop.integrationId(), AlertCode.MAGENTO_UNREACHABLE).orElseThrow();
        assertThat(held.nextDueAt()).isNull();
        assertThat(held.resolvedPending()).isFalse();
        assertThat(held.mailsSent()).isEqualTo(5);

        List<EventEnvelope<NotificationSent>> published = notificationsOf(account, 5);
        assertThat(published)
                .extracting(e -> e.payload().kind())
                .containsExactly(
                        NotificationSent.Kind.ALERT,
                        NotificationSent.Kind.ALERT,
                        NotificationSent.Kind.ALERT,
                        NotificationSent.Kind.ALERT,
                        NotificationSent.Kind.RESOLVED);
        List<String> messageIds =
                mails.stream().map(AlertMailScheduleTest::messageId).toList();
        assertThat(published).extracting(e -> e.payload().messageId()).containsExactlyElementsOf(messageIds);
        assertThat(published).allSatisfy(e -> {
            assertThat(e.payload().to()).containsExactly(email);
            assertThat(e.payload().alertCodes()).containsExactly(AlertCode.MAGENTO_UNREACHABLE);
            assertThat(e.payload().integrationIds()).containsExactly(shop.integrationId());
            assertThat(e.integrationId()).isEqualTo(shop.integrationId());
        });
        assertThat(published.get(1).payload().sentAt())
                .isEqualTo(published.get(0).payload().sentAt().plus(Duration.ofMinutes(10)));
    }

    @Test
    void threeAlertsOfOneAccountRaisedTogetherGoIntoOneDigestNamingAllThree() throws MessagingException {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured north = integration(account, "North Store", List.of(email), null);
        IntegrationConfigured south = integration(account, "South Store", List.of(email), null);

        raise(
                north,
                AlertCode.MAGENTO_AUTH_FAILED,
                "The consumer isn't authorized to access <b>%resources</b> & more",
                3);
        raise(north, AlertCode.PRODUCT_REJECTIONS, "SKU TB-1 rejected: invalid price", 42);
        raise(south, AlertCode.SYNC_STALLED, "Order 000000123 changed after the last sync", 1);
        awaitAlert(north, AlertCode.MAGENTO_AUTH_FAILED, a -> true);
        awaitAlert(north, AlertCode.PRODUCT_REJECTIONS, a -> true);
        awaitAlert(south, AlertCode.SYNC_STALLED, a -> true);

        clock.advance(gather);
        await().atMost(Duration.ofMinutes(2)).until(() -> !mailsTo(email).isEmpty());
        awaitTicks(2);
        List<MimeMessage> mails = mailsTo(email);
        assertThat(mails).hasSize(1);

        MimeMessage digest = mails.get(0);
        assertThat(digest.getSubject()).isEqualTo("[Tillbridge] 3 open alerts on North Store, South Store");
        String text = SmtpInbox.body(digest, "text/plain");
        assertThat(text)
                .contains(
                        "MAGENTO_AUTH_FAILED",
                        "PRODUCT_REJECTIONS",
                        "SYNC_STALLED",
                        "North Store",
                        "South Store",
                        "SKU TB-1 rejected: invalid price",
                        "Order 000000123 changed after the last sync",
                        "Occurrences: 42",
                        AlertCode.MAGENTO_AUTH_FAILED.advice(),
                        AlertCode.PRODUCT_REJECTIONS.advice(),
                        AlertCode.SYNC_STALLED.advice(),
                        "First seen:",
                        "Last seen:");
        assertThat(text).contains("The consumer isn't authorized to access <b>%resources</b> & more");
        String html = SmtpInbox.body(digest, "text/html");
        assertThat(html).contains("&lt;b&gt;%resources&lt;/b&gt; &amp; more").doesNotContain("<b>%resources</b>");
        assertThat(html).contains("MAGENTO_AUTH_FAILED", "PRODUCT_REJECTIONS", "SYNC_STALLED");

        NotificationSent sent = notificationsOf(account, 1).get(0).payload();
        assertThat(sent.alertCodes())
                .containsExactlyInAnyOrder(
                        AlertCode.MAGENTO_AUTH_FAILED, AlertCode.PRODUCT_REJECTIONS, AlertCode.SYNC_STALLED);
        assertThat(sent.integrationIds()).containsExactlyInAnyOrder(north.integrationId(), south.integrationId());
        assertThat(sent.messageId()).isEqualTo(messageId(digest));
    }

    @Test
    void anAccountsOwnIntervalReplacesTheDefault() {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured shop = integration(account, "Quick Shop", List.of(email), 3);

        raise(shop, AlertCode.MAGENTO_ERROR, "Report ID: webapi-6543", 1);
        awaitAlert(shop, AlertCode.MAGENTO_ERROR, a -> true);
        Instant minute0 = clock.advance(gather);
        await().atMost(Duration.ofMinutes(2)).until(() -> mailsTo(email).size() == 1);
        // The next mail counts from when this one was recorded as sent (read after the SMTP server took it): let
        // that commit happen before the test moves the clock on.
        awaitAlert(shop, AlertCode.MAGENTO_ERROR, a -> a.mailsSent() == 1);
        clock.moveTo(minute0.plus(Duration.ofMinutes(3)).minusSeconds(1));
        awaitTickAtCurrentClock();
        assertThat(mailsTo(email)).hasSize(1);
        clock.moveTo(minute0.plus(Duration.ofMinutes(3)));
        awaitTickAtCurrentClock();
        assertThat(mailsTo(email)).hasSize(2);
        assertThat(SmtpInbox.body(mailsTo(email).get(1), "text/plain")).contains("every 3 minutes");
    }

    @Test
    void aBccInjectedThroughAlertIntegrationNameOrAddressAddsNoHeaderAndNoRecipient() throws MessagingException {
        String account = newAccount();
        String email = newAddress();
        double rejectedBefore =
                registry.counter("tillbridge.notifier.recipients.rejected").count();
        IntegrationConfigured shop = integration(
                account,
                "Shop\r\nBcc: y@evil.test",
                List.of(email, "ops@example.test\r\nBcc: z@evil.test", "Boss <boss@evil.test>"),
                null);

        raise(shop, AlertCode.MAGENTO_ERROR, "Payment failed\r\nBcc: x@evil.test\r\nX-Injected: yes\r\n\r\nbody", 1);
        awaitAlert(shop, AlertCode.MAGENTO_ERROR, a -> true);
        clock.advance(gather);
        await().atMost(Duration.ofMinutes(2)).until(() -> mailsTo(email).size() == 1);
        awaitTicks(1);

        assertThat(SmtpServer.inbox().messagesForDomain("evil.test")).isEmpty();
        MimeMessage mail = mailsTo(email).get(0);
        assertThat(SmtpInbox.recipients(mail)).containsExactly(email);
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(mail.getHeader("Subject"))
                .singleElement()
                .satisfies(subject -> assertThat(subject).doesNotContain("\r", "\n"));
        assertThat(mail.getSubject()).isEqualTo("[Tillbridge] Alert: Magento error on Shop Bcc: y@evil.test");
        List<String> headerNames = Collections.list(mail.getAllHeaders()).stream()
                .map(Header::getName)
                .toList();
        assertThat(headerNames).doesNotContain("Bcc", "X-Injected");
        assertThat(SmtpInbox.body(mail, "text/plain")).contains("Payment failed Bcc: x@evil.test X-Injected: yes body");
        assertThat(registry.counter("tillbridge.notifier.recipients.rejected").count() - rejectedBefore)
                .isGreaterThanOrEqualTo(2);
        assertThat(notificationsOf(account, 1).get(0).payload().to()).containsExactly(email);
    }

    @Test
    void mailsDueWhileSmtpIsDownAreSentOnceWithTheirLatestContentWhenItReturns() throws MessagingException {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured shop = integration(account, "Patient Shop", List.of(email), null);
        double failuresBefore = registry.counter("tillbridge.notifier.mails.failed", "reason", "smtp")
                .count();

        SmtpServer.inbox().stop();
        try {
            raise(shop, AlertCode.MAGENTO_AUTH_FAILED, "401 Unauthorized", 1);
            awaitAlert(shop, AlertCode.MAGENTO_AUTH_FAILED, a -> true);
            clock.advance(gather);
            await().atMost(Duration.ofMinutes(2)).until(() -> failedAttempts(account) >= 1);
            // The back-off doubles: 30 s of clock later the second attempt fails too.
            clock.advance(Duration.ofSeconds(30));
            await().atMost(Duration.ofMinutes(2)).until(() -> failedAttempts(account) >= 2);
            raise(shop, AlertCode.MAGENTO_AUTH_FAILED, "401 Unauthorized: token revoked", 9);
            awaitAlert(shop, AlertCode.MAGENTO_AUTH_FAILED, a -> a.occurrences() == 9);

            StoredAlert waiting = store.find(shop.integrationId(), AlertCode.MAGENTO_AUTH_FAILED)
                    .orElseThrow();
            assertThat(waiting.nextDueAt()).as("still due").isBeforeOrEqualTo(clock.instant());
            assertThat(waiting.mailsSent()).isZero();
            assertThat(registry.counter("tillbridge.notifier.mails.failed", "reason", "smtp")
                                    .count()
                            - failuresBefore)
                    .isGreaterThanOrEqualTo(2);
        } finally {
            SmtpServer.ensureRunning();
        }

        clock.advance(retryMax);
        await().atMost(Duration.ofMinutes(2)).until(() -> mailsTo(email).size() == 1);
        awaitTicks(2);
        List<MimeMessage> mails = mailsTo(email);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("[Tillbridge] Alert: Magento auth failed on Patient Shop");
        assertThat(SmtpInbox.body(mails.get(0), "text/plain"))
                .contains("401 Unauthorized: token revoked", "Occurrences: 9", AlertCode.MAGENTO_AUTH_FAILED.advice());
        assertThat(failedAttempts(account)).isZero();
        assertThat(store.find(shop.integrationId(), AlertCode.MAGENTO_AUTH_FAILED)
                        .orElseThrow()
                        .mailsSent())
                .isEqualTo(1);
        assertThat(notificationsOf(account, 1)).hasSize(1);
    }

    @Test
    void anAccountWithoutAValidAddressKeepsItsAlertDueAndIsMailedOnceItHasOne() {
        String account = newAccount();
        String email = newAddress();
        IntegrationConfigured shop =
                integration(account, "Unreachable Owner", List.of("owner at example dot test"), null);
        double undeliverableBefore = registry.counter("tillbridge.notifier.mails.failed", "reason", "no-recipient")
                .count();

        raise(shop, AlertCode.DOWNLOAD_MODE_MISMATCH, "12 orders skipped: not invoiced", 12);
        awaitAlert(shop, AlertCode.DOWNLOAD_MODE_MISMATCH, a -> true);
        clock.advance(gather);
        await().atMost(Duration.ofMinutes(2)).until(() -> failedAttempts(account) >= 1);
        assertThat(registry.counter("tillbridge.notifier.mails.failed", "reason", "no-recipient")
                        .count())
                .isGreaterThan(undeliverableBefore);
        assertThat(store.find(shop.integrationId(), AlertCode.DOWNLOAD_MODE_MISMATCH)
                        .orElseThrow()
                        .mailsSent())
                .isZero();

        // The owner fixes the address: the waiting mail goes out at the next tick, not after the back-off.
        changeAddresses(shop, List.of(email));
        await().atMost(Duration.ofMinutes(2)).until(() -> mailsTo(email).size() == 1);
        assertThat(SmtpInbox.body(mailsTo(email).get(0), "text/plain"))
                .contains("DOWNLOAD_MODE_MISMATCH", "12 orders skipped: not invoiced", "Occurrences: 12");
    }

    private int failedAttempts(String account) {
        return store.mailboxOf(account).map(m -> m.failedAttempts()).orElse(0);
    }

    static String messageId(MimeMessage message) {
        try {
            return message.getHeader("Message-ID", null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
