package dev.tillbridge.status.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** The latest state of one alert of one integration, as read from {@code integration-alerts}. */
@Entity
@Table(name = "alert_state")
public class AlertStateRow extends PanacheEntityBase {

    @EmbeddedId
    public AlertKey id;

    public String state;
    public String service;
    public String message;
    public String advice;

    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    public int occurrences;
    public String origin;

    @Column(name = "changed_at")
    public Instant changedAt;

    @Embeddable
    public record AlertKey(
            @Column(name = "integration_id") String integrationId,
            @Column(name = "code") String code) implements Serializable {}
}
