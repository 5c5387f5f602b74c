package dev.tillbridge.simulator.store;

import dev.tillbridge.simulator.search.SqlValue;

/**
 * A row as the REST layer needs it: the value; its scalar top-level fields for filtering and sorting (the table's
 * columns, in {@link dev.tillbridge.simulator.search.ColumnSchema} order); and its JSON, serialized once when the
 * row is written because rows are read far more often than they change.
 */
public record StoredRow<T>(T value, SqlValue[] columns, byte[] json) {}
