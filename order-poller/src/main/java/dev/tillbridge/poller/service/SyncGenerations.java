package dev.tillbridge.poller.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The fence between incarnations of one integration id. A tombstone on {@code integrations} moves the
 * generation on and deletes the sync state (watermarks, overlap versions, published orders, alert) in one
 * transaction; a cycle's writes hold the same generation row (FOR SHARE) and write only while the generation
 * they started with is current. Whichever commits first, a cycle of the deleted incarnation never leaves a
 * watermark for the next one.
 */
@ApplicationScoped
public class SyncGenerations {

    private final DataSource dataSource;
    private final SyncStateRepository repository;

    public SyncGenerations(DataSource dataSource, SyncStateRepository repository) {
        this.dataSource = dataSource;
        this.repository = repository;
    }

    /** The tombstone: forget everything the poller kept for the integration. Idempotent. */
    public void forget(String integrationId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO sync_generation (integration_id, generation) VALUES (?, 1)
                        ON CONFLICT (integration_id) DO UPDATE SET generation = sync_generation.generation + 1""")) {
                    ps.setString(1, integrationId);
                    ps.executeUpdate();
                }
                for (String table : new String[] {"sync_state", "published_version", "published_recent", "resync"}) {
                    try (PreparedStatement ps =
                            c.prepareStatement("DELETE FROM " + table + " WHERE integration_id = ?")) {
                        ps.setString(1, integrationId);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                repository.forgotten(integrationId);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot forget the sync state of " + integrationId, e);
        }
    }

    /**
     * Inside the caller's transaction: holds the generation row until commit and tells whether it is still
     * {@code generation}. A missing row is generation 0 (the row is created by the first load).
     */
    static boolean holds(Connection c, String integrationId, long generation) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT generation FROM sync_generation WHERE integration_id = ? FOR SHARE")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                return (rs.next() ? rs.getLong(1) : 0) == generation;
            }
        }
    }
}
