package dev.tillbridge.pusher.config;

import dev.tillbridge.pusher.service.PushSettings;
import dev.tillbridge.pusher.service.SendMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** {@code tillbridge.pusher.*}: every setting is in README's table. */
@ConfigMapping(prefix = "tillbridge.pusher")
public interface PusherConfig {

    /** Consumer group of product-updates; never the IntegrationDirectory's group ({@code product-pusher}). */
    @WithDefault("product-pusher-updates")
    String groupId();

    @WithDefault("2")
    int initialConcurrency();

    @WithDefault("32")
    int maxConcurrency();

    /** 0: adaptive; n: always n saves in flight per integration. */
    @WithDefault("0")
    int fixedConcurrency();

    Backoff backoff();

    @WithDefault("60s")
    Duration authRetry();

    @WithDefault("5")
    int maxLockWaitAttempts();

    @WithDefault("10s")
    Duration unreachableAlertAfter();

    @WithDefault("60s")
    Duration alertRepeat();

    @WithDefault("0.1")
    double rejectionThreshold();

    @WithDefault("20")
    int rejectionMinProducts();

    @WithDefault("250ms")
    Duration progressInterval();

    @WithDefault("20000")
    int maxBuffered();

    @WithDefault("AUTO")
    SendMode sendMode();

    /** Per integration id, e.g. {@code tillbridge.pusher.send-mode-by-integration."int-42"=BULK}. */
    Map<String, SendMode> sendModeByIntegration();

    Bulk bulk();

    Mode mode();

    @WithDefault("64")
    int workerThreads();

    interface Backoff {
        @WithDefault("1s")
        Duration initial();

        @WithDefault("15s")
        Duration max();
    }

    interface Bulk {
        @WithDefault("100")
        int size();

        @WithDefault("2")
        int concurrency();

        @WithDefault("250ms")
        Duration pollInterval();

        @WithDefault("10m")
        Duration timeout();
    }

    interface Mode {
        /** How long AUTO measures a mode before comparing. */
        @WithDefault("5s")
        Duration window();

        /** How often AUTO measures the mode it is not using again. */
        @WithDefault("10m")
        Duration retrial();
    }

    default PushSettings settings() {
        return new PushSettings(
                initialConcurrency(),
                maxConcurrency(),
                fixedConcurrency(),
                new dev.tillbridge.pusher.service.Backoff(
                        backoff().initial(), backoff().max()),
                authRetry(),
                maxLockWaitAttempts(),
                unreachableAlertAfter(),
                alertRepeat(),
                rejectionThreshold(),
                rejectionMinProducts(),
                progressInterval(),
                maxBuffered(),
                sendMode(),
                sendModeByIntegration(),
                bulk().size(),
                bulk().concurrency(),
                bulk().pollInterval(),
                bulk().timeout(),
                mode().window(),
                mode().retrial(),
                workerThreads());
    }
}
