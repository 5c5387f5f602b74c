package dev.tillbridge.status.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One integration's row of the read model: who owns it, its settings as last published, and the latest
 * Magento activity, sync cycle and product run. {@code version} moves with every change the Status page
 * shows.
 */
@Entity
@Table(name = "integration_status")
public class IntegrationStatus extends PanacheEntityBase {

    @Id
    @Column(name = "integration_id")
    public String integrationId;

    @Column(name = "account_id")
    public String accountId;

    public boolean configured;
    public boolean deleted;
    public long revision;
    public String name;

    @Column(name = "pos_name")
    public String posName;

    public boolean enabled;

    @Column(name = "download_mode")
    public String downloadMode;

    @Column(name = "sync_interval_seconds")
    public Integer syncIntervalSeconds;

    public long version;
    /** When the current incarnation of the id began (it was deleted and created again); null for the first. */
    @Column(name = "incarnation_started_at")
    public Instant incarnationStartedAt;

    @Column(name = "last_product_sent_at")
    public Instant lastProductSentAt;

    @Column(name = "last_product_sku")
    public String lastProductSku;

    @Column(name = "last_order_downloaded_at")
    public Instant lastOrderDownloadedAt;

    @Column(name = "last_order_increment_id")
    public String lastOrderIncrementId;

    @Column(name = "last_order_entity_id")
    public Long lastOrderEntityId;

    @Column(name = "running_cycle_id")
    public UUID runningCycleId;

    @Column(name = "running_cycle_started_at")
    public Instant runningCycleStartedAt;

    @Column(name = "running_window_from")
    public Instant runningWindowFrom;

    @Column(name = "running_window_to")
    public Instant runningWindowTo;

    @Column(name = "cycle_id")
    public UUID cycleId;

    @Column(name = "cycle_started_at")
    public Instant cycleStartedAt;

    @Column(name = "cycle_ended_at")
    public Instant cycleEndedAt;

    @Column(name = "cycle_window_from")
    public Instant cycleWindowFrom;

    @Column(name = "cycle_window_to")
    public Instant cycleWindowTo;

    @Column(name = "cycle_outcome")
    public String cycleOutcome;

    @Column(name = "cycle_orders_seen")
    public Integer cycleOrdersSeen;

    @Column(name = "cycle_duration_ms")
    public Long cycleDurationMs;

    @Column(name = "cycle_error")
    public String cycleError;

    @Column(name = "cycle_event_at")
    public Instant cycleEventAt;

    @Column(name = "first_cycle_at")
    public Instant firstCycleAt;

    @Column(name = "last_successful_cycle_at")
    public Instant lastSuccessfulCycleAt;

    public Instant watermark;

    @Column(name = "magento_newest_updated_at")
    public Instant magentoNewestUpdatedAt;

    @Column(name = "behind_since")
    public Instant behindSince;

    @Column(name = "run_id")
    public String runId;

    @Column(name = "run_sent")
    public Integer runSent;

    @Column(name = "run_failed")
    public Integer runFailed;

    @Column(name = "run_total")
    public Integer runTotal;

    @Column(name = "run_state")
    public String runState;

    @Column(name = "run_rate")
    public Double runRate;

    @Column(name = "run_eta_seconds")
    public Long runEtaSeconds;

    @Column(name = "run_last_sku")
    public String runLastSku;

    @Column(name = "run_started_at")
    public Instant runStartedAt;

    @Column(name = "run_updated_at")
    public Instant runUpdatedAt;

    @Column(name = "run_restarts")
    public Integer runRestarts;

    @Column(name = "run_most_frequent_error")
    public String runMostFrequentError;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Forgets every activity of the incarnation that ended: Magento side, cycles, coverage, product run. */
    public void clearActivity() {
        lastProductSentAt = null;
        lastProductSku = null;
        lastOrderDownloadedAt = null;
        lastOrderIncrementId = null;
        lastOrderEntityId = null;
        runningCycleId = null;
        runningCycleStartedAt = null;
        runningWindowFrom = null;
        runningWindowTo = null;
        cycleId = null;
        cycleStartedAt = null;
        cycleEndedAt = null;
        cycleWindowFrom = null;
        cycleWindowTo = null;
        cycleOutcome = null;
        cycleOrdersSeen = null;
        cycleDurationMs = null;
        cycleError = null;
        cycleEventAt = null;
        firstCycleAt = null;
        lastSuccessfulCycleAt = null;
        watermark = null;
        magentoNewestUpdatedAt = null;
        behindSince = null;
        runId = null;
        runSent = null;
        runFailed = null;
        runTotal = null;
        runState = null;
        runRate = null;
        runEtaSeconds = null;
        runLastSku = null;
        runStartedAt = null;
        runUpdatedAt = null;
        runRestarts = null;
        runMostFrequentError = null;
    }
}
