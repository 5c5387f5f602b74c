package dev.tillbridge.simulator.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of a table in a fixed order, so a row keeps its values in an array and a query resolves each field
 * name to a position once instead of looking names up for every row.
 */
public final class ColumnSchema {

    private final List<String> names;
    private final Map<String, Integer> positions = new HashMap<>();

    public ColumnSchema(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < this.names.size(); i++) {
            positions.put(this.names.get(i), i);
        }
    }

    public int size() {
        return names.size();
    }

    public String name(int position) {
        return names.get(position);
    }

    public Optional<Integer> position(String name) {
        return Optional.ofNullable(name == null ? null : positions.get(name));
    }

    public boolean contains(String name) {
        return name != null && positions.containsKey(name);
    }
}
