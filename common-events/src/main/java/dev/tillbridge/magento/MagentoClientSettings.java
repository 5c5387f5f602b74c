package dev.tillbridge.magento;

import java.time.Duration;

/** Timeouts and retries of the Magento client; every remote call has both. */
public record MagentoClientSettings(
        Duration connectTimeout, Duration requestTimeout, RetryPolicy reads, RetryPolicy writes) {

    public static MagentoClientSettings defaults() {
        return new MagentoClientSettings(
                Duration.ofSeconds(5), Duration.ofSeconds(30), RetryPolicy.DEFAULT, RetryPolicy.DEFAULT);
    }
}
