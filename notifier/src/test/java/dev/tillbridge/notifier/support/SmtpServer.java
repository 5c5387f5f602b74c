package dev.tillbridge.notifier.support;

import dev.tillbridge.infra.SmtpInbox;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The SMTP server of the notifier's tests: one {@link SmtpInbox} (local-infra) on the port {@link SmtpPortResource}
 * chose, shared by all test classes of the application. Tests can stop it ("SMTP is down") and start it again on the
 * same port.
 */
public final class SmtpServer {

    private static SmtpInbox inbox;

    private SmtpServer() {}

    /** The running server on the mailer's port, started (again) when it is not running. */
    public static synchronized SmtpInbox ensureRunning() {
        int port = ConfigProvider.getConfig().getValue("quarkus.mailer.port", Integer.class);
        if (inbox == null || inbox.port() != port) {
            inbox = SmtpInbox.start(port);
        } else {
            inbox.ensureRunning();
        }
        return inbox;
    }

    /** The server the tests read their mails from (started by {@link #ensureRunning()} before each test). */
    public static synchronized SmtpInbox inbox() {
        if (inbox == null) {
            throw new IllegalStateException("The test SMTP server was not started");
        }
        return inbox;
    }

    static synchronized void stopIfRunning() {
        if (inbox != null) {
            inbox.stop();
        }
        inbox = null;
    }
}
