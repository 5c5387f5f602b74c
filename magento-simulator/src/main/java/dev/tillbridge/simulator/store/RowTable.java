package dev.tillbridge.simulator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.simulator.json.SimulatorJson;
import dev.tillbridge.simulator.search.ColumnSchema;
import dev.tillbridge.simulator.search.InputLimits;
import dev.tillbridge.simulator.search.PagePastEnd;
import dev.tillbridge.simulator.search.SearchCriteria;
import dev.tillbridge.simulator.search.SearchExecutor;
import dev.tillbridge.simulator.search.SearchResult;
import dev.tillbridge.simulator.search.SqlValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Rows in insertion order (what MySQL returns without ORDER BY, for this simulator) with lookup by id.
 * Readers get a snapshot; writers replace a row in place so its position never changes on update.
 */
final class RowTable<T> {

    private final ToIntFunction<T> idOf;
    private final ColumnSchema schema;
    private final List<StoredRow<T>> rows = new ArrayList<>();
    /** Bumped by every write; a cached selection is valid only for the version it was computed at. */
    private long version;

    private final Map<SelectionKey, Selection<T>> selections = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SelectionKey, Selection<T>> eldest) {
            return size() > MAX_CACHED_SELECTIONS;
        }
    };
    private static final int MAX_CACHED_SELECTIONS = 16;

    /** What a selection depends on: everything in the criteria but paging. */
    private record SelectionKey(
            List<SearchCriteria.FilterGroup> filterGroups, List<SearchCriteria.SortOrder> sortOrders) {}

    private record Selection<T>(long version, List<StoredRow<T>> rows) {}

    private final Map<Integer, Integer> positionById = new HashMap<>();

    RowTable(ToIntFunction<T> idOf, ColumnSchema schema) {
        this.idOf = idOf;
        this.schema = schema;
    }

    synchronized StoredRow<T> insert(T value) {
        StoredRow<T> row = store(value);
        positionById.put(idOf.applyAsInt(value), rows.size());
        rows.add(row);
        version++;
        return row;
    }

    synchronized StoredRow<T> replace(T value) {
        Integer position = positionById.get(idOf.applyAsInt(value));
        if (position == null) {
            throw new IllegalStateException("no row " + idOf.applyAsInt(value));
        }
        StoredRow<T> row = store(value);
        rows.set(position, row);
        version++;
        return row;
    }

    synchronized Optional<StoredRow<T>> find(int id) {
        Integer position = positionById.get(id);
        return position == null ? Optional.empty() : Optional.of(rows.get(position));
    }

    synchronized List<StoredRow<T>> snapshot() {
        return new ArrayList<>(rows);
    }

    /**
     * Runs a search. A client paging through one query re-sends the same filters and sort for every page; the
     * filtered and sorted selection is kept until the table changes, so later pages cost only their rows.
     */
    SearchResult<StoredRow<T>> search(SearchCriteria criteria, PagePastEnd pagePastEnd, InputLimits limits) {
        SearchExecutor.checkLimits(criteria, limits);
        SelectionKey key = new SelectionKey(criteria.filterGroups(), criteria.sortOrders());
        List<StoredRow<T>> snapshot;
        long snapshotVersion;
        synchronized (this) {
            Selection<T> cached = selections.get(key);
            if (cached != null && cached.version() == version) {
                return SearchExecutor.page(cached.rows(), criteria, pagePastEnd, limits);
            }
            snapshot = new ArrayList<>(rows);
            snapshotVersion = version;
        }
        List<StoredRow<T>> selected = SearchExecutor.select(snapshot, StoredRow::columns, schema, criteria);
        synchronized (this) {
            if (snapshotVersion == version) {
                selections.put(key, new Selection<>(snapshotVersion, selected));
            }
        }
        return SearchExecutor.page(selected, criteria, pagePastEnd, limits);
    }

    synchronized int size() {
        return rows.size();
    }

    private StoredRow<T> store(T value) {
        ObjectNode tree = SimulatorJson.mapper().valueToTree(value);
        SqlValue[] columns = new SqlValue[schema.size()];
        for (int i = 0; i < columns.length; i++) {
            JsonNode field = tree.get(schema.name(i));
            columns[i] = field != null && field.isValueNode() ? SqlValue.of(field) : null;
        }
        return new StoredRow<>(value, columns, SimulatorJson.bytes(tree));
    }
}
