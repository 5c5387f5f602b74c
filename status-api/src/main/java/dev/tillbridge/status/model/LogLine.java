package dev.tillbridge.status.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One line of the Logs page. */
@Entity
@Table(name = "log_line")
public class LogLine extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "envelope_id")
    public UUID envelopeId;

    @Column(name = "integration_id")
    public String integrationId;

    @Column(name = "account_id")
    public String accountId;

    public String service;
    public String type;
    public String message;
    public String origin;
    public String reference;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
