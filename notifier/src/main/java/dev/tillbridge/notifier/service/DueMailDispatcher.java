package dev.tillbridge.notifier.service;

import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.notifier.store.AlertStore;
import dev.tillbridge.notifier.store.SentMailStore;
import dev.tillbridge.notifier.store.StoredAlert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Sends every mail that is due, one account at a time, and publishes what was sent.
 *
 * <p>For one account, everything happens in one database transaction: lock the account's mailbox row
 * ({@code FOR UPDATE SKIP LOCKED}, so another replica skips it), lock its due alerts, send the digest over SMTP,
 * then reschedule the alerts and write the {@code sent_mail} row, and commit. Consequences:
 * <ul>
 *   <li>Two replicas never send the same due mail: the second one skips the locked mailbox, and once the first
 *       commits the alerts are no longer due.</li>
 *   <li>A process killed before the commit loses its connection and PostgreSQL rolls the transaction back at
 *       once: the alerts are still due and the next tick of any replica sends them. Nothing is lost.</li>
 *   <li>A database that fails or goes away after the SMTP server accepted the mail and before the commit (a
 *       PostgreSQL restart or fail-over) does not make the mail go out again: the process knows it was sent, keeps
 *       that in memory and writes it as soon as the database answers, before it sends anything else
 *       ({@link #recordUnrecorded()}).</li>
 *   <li>The one window left is a process that dies in that same moment (the length of one UPDATE round trip).
 *       The repeat that follows carries the same Message-ID (see {@link Digest#messageId}), so a mail store can
 *       recognise it. We choose this (at least once) over marking a mail sent before it is sent (at most once),
 *       because a lost alert mail is worse than a repeated one.</li>
 *   <li>An SMTP failure is recorded in the same transaction: the account waits out a back-off and its alerts
 *       stay due with their content; nothing is marked sent.</li>
 * </ul>
 * While a mail is being sent the Kafka consumer may wait on a locked alert row; it never waits on SMTP itself
 * for longer than the send timeout, and it never sends mail.
 */
public class DueMailDispatcher {

    private static final Logger LOG = Logger.getLogger(DueMailDispatcher.class);

    private final AlertStore store;
    private final SentMailStore sentMails;
    private final NotificationOutbox outbox;
    private final AlertThrottle throttle;
    private final AccountContacts contacts;
    private final MailComposer composer;
    private final MailTransport transport;
    private final Clock clock;
    private final DispatchSettings settings;
    private final MeterRegistry registry;
    /** A mail the SMTP server took whose record has not reached the database yet; only the tick thread uses it. */
    private Unrecorded unrecorded;

    public DueMailDispatcher(
            AlertStore store,
            AlertThrottle throttle,
            AccountContacts contacts,
            MailComposer composer,
            MailTransport transport,
            NotificationPublisher publisher,
            Clock clock,
            DispatchSettings settings,
            MeterRegistry registry) {
        this.store = store;
        this.sentMails = new SentMailStore(store.dataSource());
        this.outbox = new NotificationOutbox(store.dataSource(), sentMails, publisher, clock);
        this.throttle = throttle;
        this.contacts = contacts;
        this.composer = composer;
        this.transport = transport;
        this.clock = clock;
        this.settings = settings;
        this.registry = registry;
        // Exposed at 0 from the start, so a rate over failures (the mail alert) has a series before the first one.
        for (String reason : List.of("contact", "no-recipient", "compose", "smtp")) {
            counter("tillbridge.notifier.mails.failed", "reason", reason);
        }
    }

    /** What one round did. */
    public record Round(int mailsSent, int failures, int published) {}

    /** A mail that went out: what its transaction writes, kept until that is committed. */
    private record Unrecorded(
            String accountId,
            List<StoredAlert> mailed,
            Instant sentAt,
            String messageId,
            Duration interval,
            SentMailStore.SentMail row) {}

    /** Sends what is due now (up to the batch size of accounts), then publishes the sent mails. */
    public Round sendDue() {
        if (unrecorded != null && !recordUnrecorded()) {
            // Nothing else is sent while a sent mail is unrecorded: its alerts still look due in the database.
            return new Round(0, 0, 0);
        }
        int sent = 0;
        int failures = 0;
        for (int i = 0; i < settings.batchSize(); i++) {
            Result result;
            try {
                result = sendNextAccount();
            } catch (RuntimeException e) {
                // A database problem: the transaction rolled back, nothing was marked; try again next tick.
                LOG.errorf(e, "Sending due mail failed, will retry on the next tick: %s", e.getMessage());
                break;
            }
            if (result == Result.NONE) {
                break;
            }
            if (result == Result.SENT) {
                sent++;
            } else if (result == Result.FAILED) {
                failures++;
            }
        }
        return new Round(sent, failures, outbox.publishPending());
    }

    private enum Result {
        NONE,
        NOTHING_DUE,
        SENT,
        FAILED
    }

    private Result sendNextAccount() {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Result result = sendNextAccount(c);
                c.commit();
                unrecorded = null;
                return result;
            } catch (SQLException | RuntimeException e) {
                AlertStore.rollback(c, e);
                if (unrecorded != null) {
                    LOG.errorf(
                            "Mail %s for account %s went out but could not be recorded (%s): recording it once the "
                                    + "database answers, sending nothing before",
                            unrecorded.messageId(), unrecorded.accountId(), e.getMessage());
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Database: " + e.getMessage(), e);
        }
    }

    private Result sendNextAccount(Connection c) throws SQLException {
        Instant now = clock.instant();
        Optional<AlertStore.Claim> claim = store.claimDueAccount(c, now);
        if (claim.isEmpty()) {
            return Result.NONE;
        }
        String accountId = claim.get().accountId();
        List<StoredAlert> due = store.lockDueAlerts(c, accountId, now);
        if (due.isEmpty()) {
            return Result.NOTHING_DUE;
        }
        AccountContact contact;
        try {
            contact = contacts.of(accountId);
        } catch (RuntimeException e) {
            // One account's unreadable settings must not hold up the mail of the accounts after it.
            LOG.errorf(e, "Account %s: cannot read its contact details", accountId);
            return failed(c, claim.get(), now, "contact", "cannot read the contact details: " + e.getMessage());
        }
        Duration interval = contact.interval(settings.defaultInterval());
        Digest digest = new Digest(accountId, due);

        Recipients recipients = Recipients.check(contact.addresses());
        if (!recipients.rejected().isEmpty()) {
            counter("tillbridge.notifier.recipients.rejected")
                    .increment(recipients.rejected().size());
            LOG.warnf(
                    "Account %s: %d notification address(es) are not valid and are skipped: %s",
                    accountId,
                    recipients.rejected().size(),
                    recipients.rejected().stream()
                            .map(a -> "'" + HeaderText.singleLine(a, 80) + "'")
                            .collect(Collectors.joining(", ")));
        }
        if (recipients.isEmpty()) {
            return failed(c, claim.get(), now, "no-recipient", "the account has no valid notification address");
        }

        OutgoingMail mail;
        try {
            String link = settings.settingsLink(accountId);
            MailComposer.Bodies bodies = composer.compose(digest, contact, interval, link);
            mail = new OutgoingMail(
                    digest.messageId(settings.messageIdDomain()),
                    recipients.accepted(),
                    digest.subject(settings.subjectPrefix(), contact),
                    bodies.text(),
                    bodies.html(),
                    "<" + link + ">");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Account %s: cannot write the mail", accountId);
            return failed(c, claim.get(), now, "compose", "cannot write the mail: " + e.getMessage());
        }
        try {
            transport.send(mail);
        } catch (MailTransport.MailDeliveryException | RuntimeException e) {
            return failed(c, claim.get(), now, "smtp", e.getMessage());
        }

        // The SMTP server has the mail: record it before anything else can fail. The next mail is due one interval
        // after this one really went out (read after the server accepted it), never counted from the earlier time
        // it was due: a tick that ran late, or a slow SMTP server, must not bring the next mail closer.
        Instant sentAt = clock.instant();
        NotificationSent sent = new NotificationSent(
                accountId,
                digest.integrationIds(),
                mail.to(),
                mail.subject(),
                digest.codes(),
                digest.kind(),
                sentAt,
                mail.messageId());
        String integrationId =
                digest.integrationIds().size() == 1 ? digest.integrationIds().get(0) : "";
        EventEnvelope<NotificationSent> envelope =
                EventEnvelope.withStableId(mail.messageId(), accountId, integrationId, sent, clock);
        unrecorded = new Unrecorded(
                accountId,
                due,
                sentAt,
                mail.messageId(),
                interval,
                new SentMailStore.SentMail(
                        mail.messageId(),
                        accountId,
                        digest.kind().name(),
                        mail.subject(),
                        String.join(",", mail.to()),
                        due.stream().map(StoredAlert::key).collect(Collectors.joining(",")),
                        sentAt,
                        EventJson.encode(envelope),
                        null));
        for (StoredAlert alert : due) {
            store.save(c, throttle.afterMailed(alert, sentAt, mail.messageId(), interval));
        }
        store.recordSent(c, accountId, sentAt);
        sentMails.insertSentMail(c, unrecorded.row());
        counter("tillbridge.notifier.mails.sent", "kind", digest.kind().name()).increment();
        LOG.infof(
                "Mailed %s %s to %d address(es) for account %s: %s",
                digest.kind(),
                mail.messageId(),
                mail.to().size(),
                accountId,
                due.stream()
                        .map(a -> a.code() + (a.state() == AlertState.RESOLVED ? " resolved" : "") + " on "
                                + a.integrationId())
                        .collect(Collectors.joining(", ")));
        return Result.SENT;
    }

    /**
     * Writes the mail that went out but whose transaction failed: each alert it named is rescheduled as mailed if it
     * is still in the episode the mail told of (a newer raise or resolve keeps its own schedule), the account's
     * mailbox and {@code sent_mail} record it. Nothing is done twice: a commit that did reach the database before
     * the connection broke left the {@code sent_mail} row. Returns false while the database does not answer.
     */
    private boolean recordUnrecorded() {
        Unrecorded u = unrecorded;
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!sentMails.sentMailExists(c, u.messageId())) {
                    for (StoredAlert mailed : u.mailed()) {
                        Optional<StoredAlert> current = store.lockAlert(c, mailed.integrationId(), mailed.code());
                        if (current.isPresent() && sameEpisode(current.get(), mailed)) {
                            store.save(c, throttle.afterMailed(current.get(), u.sentAt(), u.messageId(), u.interval()));
                        }
                    }
                    store.recordSent(c, u.accountId(), u.sentAt());
                    sentMails.insertSentMail(c, u.row());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                AlertStore.rollback(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(
                    "Mail %s for account %s is still unrecorded, will retry on the next tick: %s",
                    u.messageId(), u.accountId(), e.getMessage());
            return false;
        }
        unrecorded = null;
        LOG.infof(
                "Recorded mail %s for account %s, sent at %s, now that the database answers",
                u.messageId(), u.accountId(), u.sentAt());
        return true;
    }

    private static boolean sameEpisode(StoredAlert current, StoredAlert mailed) {
        if (current.state() != mailed.state()) {
            return false;
        }
        return mailed.state() == AlertState.RAISED
                ? Objects.equals(current.raisedAt(), mailed.raisedAt())
                : current.resolvedPending() && Objects.equals(current.resolvedAt(), mailed.resolvedAt());
    }

    private Result failed(Connection c, AlertStore.Claim claim, Instant now, String reason, String detail)
            throws SQLException {
        int attempts = claim.failedAttempts() + 1;
        Instant retryAt = now.plus(settings.backoff().after(attempts));
        String error = HeaderText.singleLine(detail, 500);
        store.recordFailure(c, claim.accountId(), attempts, retryAt, error);
        counter("tillbridge.notifier.mails.failed", "reason", reason).increment();
        LOG.warnf(
                "Mail for account %s not sent (%s, attempt %d), alerts stay due, next attempt at %s: %s",
                claim.accountId(), reason, attempts, retryAt, error);
        return Result.FAILED;
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }
}
