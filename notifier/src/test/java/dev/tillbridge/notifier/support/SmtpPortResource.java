package dev.tillbridge.notifier.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Picks a free port for the test SMTP server (GreenMail, see {@link SmtpServer}) and points the mailer at it,
 * so parallel builds on one machine never fight over port 3025.
 */
public class SmtpPortResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return Map.of("quarkus.mailer.port", Integer.toString(socket.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the test SMTP server", e);
        }
    }

    @Override
    public void stop() {
        SmtpServer.stopIfRunning();
    }
}
