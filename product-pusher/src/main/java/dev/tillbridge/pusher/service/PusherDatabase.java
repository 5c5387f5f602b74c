package dev.tillbridge.pusher.service;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * product-pusher's PostgreSQL schema ({@code product_pusher}), one transaction at a time; shared by the run
 * state and the raised alerts, so both fail the same visible way when the database refuses.
 */
final class PusherDatabase {

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    PusherDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new RunRepository.RunStoreUnavailable(
                    "PostgreSQL refused product-pusher's run state: " + e.getMessage(), e);
        }
    }
}
