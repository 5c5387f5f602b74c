package dev.tillbridge.status.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** An order that is currently not downloaded, with the latest reason invoice-filter gave. */
@Entity
@Table(name = "skipped_order")
public class SkippedOrder extends PanacheEntityBase {

    @EmbeddedId
    public DownloadedOrder.OrderKey id;

    @Column(name = "increment_id")
    public String incrementId;

    public String reason;

    @Column(name = "final_decision")
    public boolean finalDecision;

    public String sentence;
    public String advice;

    @Column(name = "order_state")
    public String orderState;

    @Column(name = "order_status")
    public String orderStatus;

    @Column(name = "order_created_at")
    public Instant orderCreatedAt;

    @Column(name = "order_updated_at")
    public Instant orderUpdatedAt;

    @Column(name = "first_skipped_at")
    public Instant firstSkippedAt;

    @Column(name = "skipped_at")
    public Instant skippedAt;
}
