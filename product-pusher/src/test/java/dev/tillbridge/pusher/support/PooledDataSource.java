package dev.tillbridge.pusher.support;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalPropertiesReader;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Agroal (the pool Quarkus uses) outside Quarkus, for the pusher's core in a child JVM or the benchmark. */
public final class PooledDataSource {

    private PooledDataSource() {}

    public static AgroalDataSource create(String jdbcUrl, String user, String schema, int maxSize) {
        Map<String, String> props = new HashMap<>();
        props.put(
                AgroalPropertiesReader.JDBC_URL,
                jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        props.put(AgroalPropertiesReader.PRINCIPAL, user);
        props.put(AgroalPropertiesReader.MIN_SIZE, "2");
        props.put(AgroalPropertiesReader.INITIAL_SIZE, "2");
        props.put(AgroalPropertiesReader.MAX_SIZE, String.valueOf(maxSize));
        props.put(AgroalPropertiesReader.ACQUISITION_TIMEOUT_S, "10");
        props.put(AgroalPropertiesReader.PROVIDER_CLASS_NAME, "org.postgresql.Driver");
        try {
            return AgroalDataSource.from(
                    new AgroalPropertiesReader().readProperties(props).get());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open a pool on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }
}
