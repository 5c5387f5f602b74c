package dev.tillbridge.filter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** invoice-filter's settings (see README). */
@ConfigMapping(prefix = "tillbridge.filter")
public interface FilterConfig {

    Mismatch mismatch();

    Invoicing invoicing();

    Stall stall();

    Retention retention();

    /** How long what grows with orders is kept (README, "State and retention"). */
    interface Retention {
        /** An order's ledger entry is forgotten once it has not changed for this long (at least a day). */
        @WithDefault("90d")
        Duration orders();

        /** A record parked for an integration that is still unknown after this long is dropped. */
        @WithDefault("7d")
        Duration parked();

        /** invoiced_order rows are deleted this long after the invoice; at least filtered-orders' 30 days + 7. */
        @WithDefault("45d")
        Duration invoicedOrders();

        /** How often the stores and the table are swept (and their sizes measured). */
        @WithDefault("1m")
        Duration sweepInterval();

        /** Ledger entries looked at, or table rows deleted, per sweep step. */
        @WithDefault("1000")
        int batchSize();
    }

    interface Stall {
        /** How long the decision stream may be stopped before every integration gets a STREAM_STALLED alert. */
        @WithDefault("2m")
        Duration alertAfter();

        /** How often the stream's state is looked at for that alert (the scheduler reads it as a property). */
        @WithDefault("5s")
        Duration checkInterval();
    }

    interface Mismatch {
        /** ALREADY_INVOICED skips within the window that raise DOWNLOAD_MODE_MISMATCH. */
        @WithDefault("5")
        int alreadyInvoicedCount();

        /** The window, and how long an order may await its invoice before the alert is raised. */
        @WithDefault("24h")
        Duration window();

        /** How often parked orders and the mismatch alerts are looked at again. */
        @WithDefault("30s")
        Duration checkInterval();
    }

    interface Invoicing {
        /** Whether Auto-Invoice orders are invoiced in Magento after their release. */
        @WithDefault("true")
        boolean enabled();

        /** Invoices attempted at once (each is one POST to a Magento store). */
        @WithDefault("4")
        int concurrency();

        /** First retry delay after a transient Magento failure; doubles up to max-backoff. */
        @WithDefault("5s")
        Duration initialBackoff();

        @WithDefault("10m")
        Duration maxBackoff();
    }
}
