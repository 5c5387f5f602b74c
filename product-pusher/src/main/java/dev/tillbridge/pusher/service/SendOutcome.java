package dev.tillbridge.pusher.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.magento.MagentoException;
import java.time.Duration;
import java.util.Optional;

/**
 * What one attempt to save a product in Magento came to, and so what the pusher does next: count it, fail
 * it, or slow down and try again.
 */
public sealed interface SendOutcome
        permits SendOutcome.Accepted, SendOutcome.Rejected, SendOutcome.Overloaded, SendOutcome.Blocked {

    /** Magento's message when a product save lost a database lock to a concurrent save (docs/magento-api.md §7, a 400). */
    String LOCK_WAIT_MESSAGE = "The product was unable to be saved. Please try again.";

    /** Magento saved it. */
    record Accepted() implements SendOutcome {}

    /** Magento refused this product; sending it again unchanged cannot succeed. */
    record Rejected(String readableMessage) implements SendOutcome {}

    /**
     * The store is at or past its capacity, or not there: 429, 5xx, a timeout, no connection, or a save that
     * lost a lock ({@code lockContention}). Try again later, with less concurrency; honour {@code retryAfter}.
     */
    record Overloaded(String readableMessage, Optional<Duration> retryAfter, boolean lockContention)
            implements SendOutcome {

        /** A lost lock says "fewer at once"; everything else says "the store is struggling or gone". */
        public boolean storeUnavailable() {
            return !lockContention;
        }
    }

    /**
     * Nothing will succeed until someone changes the integration's settings: Magento refused the credentials (401),
     * or Tillbridge refuses to connect to the store's address (not on the public Internet). The products wait.
     */
    record Blocked(String readableMessage, AlertCode alertCode) implements SendOutcome {}

    static SendOutcome of(MagentoException e) {
        if (e instanceof MagentoException.AuthFailed || e instanceof MagentoException.AddressRefused) {
            return new Blocked(e.readableMessage(), e.alertCode());
        }
        if (e instanceof MagentoException.Unavailable unavailable) {
            return new Overloaded(e.readableMessage(), unavailable.retryAfter(), false);
        }
        if (e instanceof MagentoException.Rejected rejected && isLockWait(rejected.rawMessage())) {
            return new Overloaded(e.readableMessage(), Optional.empty(), true);
        }
        if (e.transientFailure()) {
            return new Overloaded(e.readableMessage(), Optional.empty(), false);
        }
        return new Rejected(e.readableMessage());
    }

    /**
     * ProductRepository wraps a lost lock in its generic "unable to be saved" sentence; in developer mode
     * MySQL's own words come through instead.
     */
    static boolean isLockWait(String rawMessage) {
        return rawMessage != null
                && (rawMessage.strip().equals(LOCK_WAIT_MESSAGE)
                        || rawMessage.contains("Deadlock found when trying to get lock")
                        || rawMessage.contains("Lock wait timeout exceeded"));
    }
}
