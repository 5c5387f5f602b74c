package dev.tillbridge.deploy;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JSON Schemas of the common-events records as the shared JSON set-up writes them (camelCase fields, ISO-8601 times,
 * nulls left out), for the AsyncAPI document: {@code deploy/api/asyncapi.yaml} must list exactly these fields.
 */
public final class EventSchemas {

    private EventSchemas() {}

    /** The schema of a record: every component as a property; named nested records and enums inline. */
    public static Map<String, Object> of(Class<?> type) {
        return schema(type, type);
    }

    /** Field names of a record, in declaration order. */
    public static List<String> fields(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }

    private static Map<String, Object> schema(Type generic, Class<?> raw) {
        Map<String, Object> schema = new LinkedHashMap<>();
        if (raw == String.class) {
            schema.put("type", "string");
        } else if (raw == UUID.class) {
            schema.put("type", "string");
            schema.put("format", "uuid");
        } else if (raw == Instant.class) {
            schema.put("type", "string");
            schema.put("format", "date-time");
        } else if (raw == LocalDate.class) {
            schema.put("type", "string");
            schema.put("format", "date");
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            schema.put("type", "integer");
        } else if (raw == double.class || raw == Double.class || raw == BigDecimal.class || raw == float.class) {
            schema.put("type", "number");
        } else if (raw.isEnum()) {
            schema.put("type", "string");
            List<String> values = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            schema.put("enum", values);
        } else if (Collection.class.isAssignableFrom(raw)) {
            schema.put("type", "array");
            schema.put("items", argument(generic, 0));
        } else if (Map.class.isAssignableFrom(raw)) {
            schema.put("type", "object");
            schema.put("additionalProperties", argument(generic, 1));
        } else if (raw.isRecord()) {
            schema.put("type", "object");
            Map<String, Object> properties = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                properties.put(component.getName(), schema(component.getGenericType(), component.getType()));
                if (component.getType().isPrimitive()) {
                    required.add(component.getName());
                }
            }
            schema.put("properties", properties);
            if (!required.isEmpty()) {
                schema.put("required", required);
            }
        } else {
            schema.put("type", "object");
        }
        return schema;
    }

    private static Map<String, Object> argument(Type generic, int index) {
        if (generic instanceof ParameterizedType parameterized) {
            Type argument = parameterized.getActualTypeArguments()[index];
            Class<?> raw = argument instanceof Class<?> c
                    ? c
                    : argument instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
            return schema(argument, raw);
        }
        return new LinkedHashMap<>(Map.of("type", "object"));
    }
}
