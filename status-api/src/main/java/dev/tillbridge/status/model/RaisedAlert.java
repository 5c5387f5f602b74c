package dev.tillbridge.status.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** An alert status-api raised itself and has not resolved yet. */
@Entity
@Table(name = "raised_alert")
public class RaisedAlert extends PanacheEntityBase {

    @EmbeddedId
    public AlertStateRow.AlertKey id;

    public String message;

    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    public int occurrences;
}
