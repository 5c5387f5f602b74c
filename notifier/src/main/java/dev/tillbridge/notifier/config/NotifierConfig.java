package dev.tillbridge.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of the notifier an operator may change (see README.md for the environment variables). */
@ConfigMapping(prefix = "tillbridge.notifier")
public interface NotifierConfig {

    /** How often an unresolved alert is mailed again, unless the account's integrations ask for another. */
    @WithDefault("PT10M")
    Duration interval();

    /**
     * How long a newly raised or resolved alert waits before it is mailed, so that alerts raised together
     * (one outage usually trips several) go into one digest instead of one mail each.
     */
    @WithDefault("PT5S")
    Duration gather();

    /** How often the scheduler looks for due mails (a quarkus-scheduler {@code every} value). */
    @WithDefault("5s")
    String tick();

    /** The most accounts one tick mails; the rest wait for the next tick. */
    @WithDefault("100")
    int batchSize();

    /** The page where an account changes its notification settings; the footer and List-Unsubscribe point here. */
    @WithDefault("http://localhost:8080/settings")
    String settingsUrl();

    /** Right-hand side of the Message-ID of every mail sent. */
    @WithDefault("notifier.tillbridge")
    String messageIdDomain();

    /** Start of every subject. */
    @WithDefault("Tillbridge")
    String subjectPrefix();

    /** How long one SMTP send may take before it counts as failed. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /**
     * A due-mail tick that has not completed for this long is stuck: health goes DOWN and the pod restarts.
     * Generous: one tick may mail many accounts, each waiting up to the send timeout.
     */
    @WithDefault("10m")
    Duration stallAfter();

    Retry retry();

    interface Retry {
        /** Wait after the first failed send to an account; doubled after each further failure. */
        @WithDefault("PT30S")
        Duration initial();

        /** Longest wait between two attempts. */
        @WithDefault("PT10M")
        Duration max();
    }
}
