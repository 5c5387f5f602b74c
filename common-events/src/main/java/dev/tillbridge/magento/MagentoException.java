package dev.tillbridge.magento;

import dev.tillbridge.events.AlertCode;
import java.time.Duration;
import java.util.Optional;

/**
 * Magento did not do what was asked. Every subtype carries a sentence an operator can read (Magento's
 * own message with its placeholders filled), the route and the HTTP status, the alert it stands for and
 * whether trying again may help. No subtype ever carries a credential, a header or a stack trace meant
 * for operators.
 */
public abstract sealed class MagentoException extends RuntimeException
        permits MagentoException.AuthFailed,
                MagentoException.Unavailable,
                MagentoException.Rejected,
                MagentoException.NotFound,
                MagentoException.UnreadableResponse,
                MagentoException.AddressRefused {

    private final String route;
    private final int status;
    private final AlertCode alertCode;
    private final boolean transientFailure;

    private MagentoException(
            String route,
            int status,
            String readableMessage,
            Throwable cause,
            AlertCode alertCode,
            boolean transientFailure) {
        super(readableMessage, cause, false, false);
        this.route = route;
        this.status = status;
        this.alertCode = alertCode;
        this.transientFailure = transientFailure;
    }

    /** The request line without query or host, e.g. {@code GET /V1/orders}. */
    public String route() {
        return route;
    }

    /** HTTP status, or 0 when no answer came (timeout, connection refused). */
    public int status() {
        return status;
    }

    /** The sentence for logs, e-mails and the Logs page. */
    public String readableMessage() {
        return getMessage();
    }

    public AlertCode alertCode() {
        return alertCode;
    }

    /** Whether trying again later may succeed without anyone changing anything. */
    public boolean transientFailure() {
        return transientFailure;
    }

    /** 401: a revoked or wrong token, or a token lacking the ACL resource. */
    public static final class AuthFailed extends MagentoException {
        public AuthFailed(String route, String readableMessage) {
            super(route, 401, readableMessage, null, AlertCode.MAGENTO_AUTH_FAILED, false);
        }
    }

    /** 5xx, 429, a timeout or no connection: the store is down or overloaded. */
    public static final class Unavailable extends MagentoException {
        private final Duration retryAfter;

        public Unavailable(String route, int status, String readableMessage, Duration retryAfter, Throwable cause) {
            super(route, status, readableMessage, cause, AlertCode.MAGENTO_UNREACHABLE, true);
            this.retryAfter = retryAfter;
        }

        /** Magento's (or its proxy's) Retry-After, when it sent one. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** 400: Magento refused the input (validation, invoice rules, a failed save). */
    public static final class Rejected extends MagentoException {
        private final String rawMessage;

        public Rejected(String route, String readableMessage, String rawMessage) {
            super(route, 400, readableMessage, null, AlertCode.MAGENTO_ERROR, false);
            this.rawMessage = rawMessage;
        }

        /** Magento's message with its placeholders, for telling known refusals apart. */
        public String rawMessage() {
            return rawMessage;
        }
    }

    /** 404: the entity or the route does not exist. */
    public static final class NotFound extends MagentoException {
        public NotFound(String route, String readableMessage) {
            super(route, 404, readableMessage, null, AlertCode.MAGENTO_ERROR, false);
        }
    }

    /**
     * The answer was not the JSON Magento sends (an HTML error page, a truncated body). Behind a 5xx it is
     * an outage page; behind a 200 a cut-off answer: both may succeed on the next try.
     */
    public static final class UnreadableResponse extends MagentoException {
        public UnreadableResponse(String route, int status, String readableMessage, Throwable cause) {
            super(
                    route,
                    status,
                    readableMessage,
                    cause,
                    status >= 500 ? AlertCode.MAGENTO_UNREACHABLE : AlertCode.MAGENTO_ERROR,
                    status >= 500 || status == 200);
        }
    }

    /**
     * Tillbridge refused to connect: the store's address is not a public Internet address ({@link OutboundGuard}).
     * No connection was attempted. Not transient within one call: it takes a new base URL (or a DNS answer that
     * changes back), which the next cycle checks again.
     */
    public static final class AddressRefused extends MagentoException {
        public AddressRefused(String route, String host, String reason) {
            super(
                    route,
                    0,
                    "Tillbridge did not connect to Magento at " + host + " for " + route + ": the base URL " + reason
                            + ".",
                    null,
                    AlertCode.MAGENTO_ADDRESS_REFUSED,
                    false);
        }
    }
}
