package dev.tillbridge.filter.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The Auto-Invoice work list in PostgreSQL. Enqueueing is idempotent (a redelivered release changes
 * nothing, a finished order is never queued again); claiming marks rows for a while so that replicas
 * share the work and a replica that dies mid-call leaves its rows to be retried.
 */
@ApplicationScoped
public class InvoiceQueue {

    /** One order to invoice; {@code traceparent} is the release's trace (W3C), null when it had none. */
    public record Job(String integrationId, long entityId, String incrementId, int attempts, String traceparent) {}

    private final DataSource dataSource;

    public InvoiceQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void enqueue(String integrationId, long entityId, String incrementId) {
        enqueue(integrationId, entityId, incrementId, null);
    }

    public void enqueue(String integrationId, long entityId, String incrementId, String traceparent) {
        String sql = """
                INSERT INTO pending_invoice (integration_id, entity_id, increment_id, traceparent)
                SELECT ?, ?, ?, ? WHERE NOT EXISTS
                    (SELECT 1 FROM invoiced_order WHERE integration_id = ? AND entity_id = ?)
                ON CONFLICT DO NOTHING
                """;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, integrationId);
            ps.setLong(2, entityId);
            ps.setString(3, incrementId);
            ps.setString(4, traceparent);
            ps.setString(5, integrationId);
            ps.setLong(6, entityId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot queue the invoice of order " + entityId, e);
        }
    }

    /** Claims up to {@code limit} due jobs for {@code claimFor}. */
    public List<Job> claim(int limit, Instant now, Duration claimFor) {
        String sql = """
                UPDATE pending_invoice p SET claimed_until = ?
                 WHERE (p.integration_id, p.entity_id) IN (
                       SELECT integration_id, entity_id FROM pending_invoice
                        WHERE next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                        ORDER BY next_attempt_at
                        LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING p.integration_id, p.entity_id, p.increment_id, p.attempts, p.traceparent
                """;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now.plus(claimFor)));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setInt(4, limit);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new Job(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim invoice jobs", e);
        }
    }

    /** The order is invoiced (by us or already): remember it and drop the job, in one transaction. */
    public void done(Job job, Long invoiceId, String outcome) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO invoiced_order (integration_id, entity_id, invoice_id, outcome) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""");
                    PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM pending_invoice WHERE integration_id = ? AND entity_id = ?")) {
                insert.setString(1, job.integrationId());
                insert.setLong(2, job.entityId());
                if (invoiceId == null) {
                    insert.setNull(3, Types.BIGINT);
                } else {
                    insert.setLong(3, invoiceId);
                }
                insert.setString(4, outcome);
                insert.executeUpdate();
                delete.setString(1, job.integrationId());
                delete.setLong(2, job.entityId());
                delete.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the invoice of order " + job.entityId(), e);
        }
    }

    /** A transient failure: try again after {@code delay}. */
    public void retryLater(Job job, Instant next, String error) {
        String sql = """
                UPDATE pending_invoice SET attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL,
                       last_error = ? WHERE integration_id = ? AND entity_id = ?
                """;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(next));
            ps.setString(2, error);
            ps.setString(3, job.integrationId());
            ps.setLong(4, job.entityId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reschedule the invoice of order " + job.entityId(), e);
        }
    }

    /**
     * Deletes up to {@code limit} {@code invoiced_order} rows done before {@code before} (one short statement, so
     * a large backlog never holds long locks); returns how many.
     */
    public int forgetInvoicedBefore(Instant before, int limit) {
        String sql = """
                DELETE FROM invoiced_order WHERE (integration_id, entity_id) IN (
                       SELECT integration_id, entity_id FROM invoiced_order WHERE done_at < ? LIMIT ?)
                """;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, limit);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete old invoiced_order rows", e);
        }
    }

    public long invoicedCount() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM invoiced_order");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count invoiced_order rows", e);
        }
    }

    public int pendingCount(String integrationId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM pending_invoice WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
