package dev.tillbridge.status.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What the control plane last published for one integration: the whole configuration as JSON, with the
 * Magento credentials sealed (never plaintext), and its revision.
 */
@Entity
@Table(name = "controlled_integration")
public class ControlledIntegration extends PanacheEntityBase {

    @Id
    @Column(name = "integration_id")
    public String integrationId;

    @Column(name = "account_id")
    public String accountId;

    public long revision;
    public String config;

    @Column(name = "credentials_kind")
    public String credentialsKind;

    public boolean deleted;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
