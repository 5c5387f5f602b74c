package dev.tillbridge.notifier.support;

import dev.tillbridge.infra.SmtpInbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Picks a free port for the test SMTP server (GreenMail, see {@link SmtpServer}) and points the mailer at it,
 * so parallel builds on one machine never fight over port 3025.
 */
public class SmtpPortResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mailer.port", Integer.toString(SmtpInbox.freePort()));
    }

    @Override
    public void stop() {
        SmtpServer.stopIfRunning();
    }
}
