package dev.tillbridge.status.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** An order released to the POS; a re-download moves {@code lastDownloadedAt} and counts in {@code downloads}. */
@Entity
@Table(name = "downloaded_order")
public class DownloadedOrder extends PanacheEntityBase {

    @EmbeddedId
    public OrderKey id;

    @Column(name = "increment_id")
    public String incrementId;

    @Column(name = "first_downloaded_at")
    public Instant firstDownloadedAt;

    @Column(name = "last_downloaded_at")
    public Instant lastDownloadedAt;

    public int downloads;

    @Embeddable
    public record OrderKey(
            @Column(name = "integration_id") String integrationId,
            @Column(name = "entity_id") long entityId) implements Serializable {}
}
