package dev.tillbridge.simulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.tillbridge.simulator.search.ColumnSchema;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The column names of a table, derived from its record: every scalar component in snake_case, unwrapped records
 * included. A column whose value is null is still a column (filtering {@code total_invoiced null} works), while a
 * name that is not here is an unknown column.
 */
final class RecordColumns {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private RecordColumns() {}

    static ColumnSchema of(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        collect(type, names);
        return new ColumnSchema(List.copyOf(names));
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<?> type, Set<String> names) {
        for (RecordComponent component : type.getRecordComponents()) {
            // Jackson's annotations do not target record components; Java puts them on the accessor.
            if (component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            Class<?> componentType = component.getType();
            if (component.getAccessor().isAnnotationPresent(JsonUnwrapped.class) && componentType.isRecord()) {
                collect(componentType, names);
            } else if (isScalar(componentType)) {
                names.add(SNAKE.translate(component.getName()));
            }
        }
    }

    private static boolean isScalar(Class<?> type) {
        return type.isPrimitive()
                || type == String.class
                || Number.class.isAssignableFrom(type)
                || type == BigDecimal.class
                || type == Instant.class
                || type == Boolean.class;
    }
}
