package dev.tillbridge.status.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The rule for an open Server-Sent Events stream: it lives only while the caller may still read it. The token
 * must not have expired, and the integration must be the one the stream was opened on: not deleted, not created
 * again (a new incarnation), still owned by an account the caller sees. Checked on events and on a timer, off
 * any request, so it opens its own request context for the database.
 */
@ApplicationScoped
public class LiveStreamAccess {

    private static final Logger LOG = Logger.getLogger(LiveStreamAccess.class);

    private final IntegrationAccess access;
    private final Clock clock;

    public LiveStreamAccess(IntegrationAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
    }

    /** What a stream was opened on, and by whom. */
    public record Opened(
            Caller caller, String integrationId, IntegrationAccess.Incarnation incarnation, Instant tokenExpiresAt) {}

    public boolean tokenValid(Opened stream) {
        boolean valid = stream.tokenExpiresAt() == null || clock.instant().isBefore(stream.tokenExpiresAt());
        if (!valid) {
            LOG.infof(
                    "Events stream of integration %s for %s closed: the token expired",
                    stream.integrationId(), stream.caller().subject());
        }
        return valid;
    }

    @ActivateRequestContext
    public boolean stillAllowed(Opened stream) {
        if (!tokenValid(stream)) {
            return false;
        }
        IntegrationAccess.Incarnation now = access.incarnation(stream.integrationId());
        boolean allowed = now != null
                && now.equals(stream.incarnation())
                && stream.caller().canSee(now.accountId());
        if (!allowed) {
            LOG.infof(
                    "Events stream of integration %s for %s closed: the integration was deleted or changed hands",
                    stream.integrationId(), stream.caller().subject());
        }
        return allowed;
    }
}
