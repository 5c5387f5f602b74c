package dev.tillbridge.simulator.search;

import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.search.SearchCriteria.Filter;
import dev.tillbridge.simulator.search.SearchCriteria.FilterGroup;
import dev.tillbridge.simulator.search.SearchCriteria.SortOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Applies a {@link SearchCriteria} to rows the way Magento's collection processors build SQL (docs/magento-api.md §2): filter
 * groups AND'ed, filters inside a group OR'ed; sort orders in the order sent; no sort means no ORDER BY, which the
 * simulator answers in insertion order; pageSize missing or 0 means every row; currentPage below 1 means 1.
 */
public final class SearchExecutor {

    private SearchExecutor() {}

    /**
     * Filters, sorts and pages in one go. {@code values} gives a row's column values in {@code schema} order (null
     * for SQL NULL); a field that is not in the schema is an unknown column.
     */
    public static <R> SearchResult<R> search(
            List<R> rowsInInsertionOrder,
            Function<R, SqlValue[]> values,
            ColumnSchema schema,
            SearchCriteria criteria,
            PagePastEnd pagePastEnd,
            InputLimits limits) {
        checkLimits(criteria, limits);
        return page(select(rowsInInsertionOrder, values, schema, criteria), criteria, pagePastEnd, limits);
    }

    /** Refuses a page size above the input limit before any work is done. */
    public static void checkLimits(SearchCriteria criteria, InputLimits limits) {
        effectivePageSize(criteria.pageSize(), limits);
    }

    /** The matching rows in result order: the part of a search that does not depend on paging. */
    public static <R> List<R> select(
            List<R> rowsInInsertionOrder,
            Function<R, SqlValue[]> values,
            ColumnSchema schema,
            SearchCriteria criteria) {
        checkColumns(criteria, schema);
        List<List<ColumnTest>> groups = compile(criteria.filterGroups(), schema);
        List<R> matched = new ArrayList<>();
        for (R row : rowsInInsertionOrder) {
            if (matches(values.apply(row), groups)) {
                matched.add(row);
            }
        }
        if (criteria.sortOrders() != null && !criteria.sortOrders().isEmpty()) {
            matched = sorted(matched, criteria.sortOrders(), values, schema);
        }
        return matched;
    }

    /** One page of a selection: pageSize missing or 0 means all; a page past the end depends on the version. */
    public static <R> SearchResult<R> page(
            List<R> selected, SearchCriteria criteria, PagePastEnd pagePastEnd, InputLimits limits) {
        Integer pageSize = effectivePageSize(criteria.pageSize(), limits);
        int total = selected.size();
        if (pageSize == null || pageSize <= 0) {
            return new SearchResult<>(List.copyOf(selected), total);
        }
        int currentPage = criteria.currentPage() == null || criteria.currentPage() < 1 ? 1 : criteria.currentPage();
        int lastPage = Math.max(1, (total + pageSize - 1) / pageSize);
        if (currentPage > lastPage) {
            if (pagePastEnd == PagePastEnd.MAGENTO_24) {
                return new SearchResult<>(List.of(), total);
            }
            currentPage = lastPage;
        }
        long from = (long) (currentPage - 1) * pageSize;
        int to = (int) Math.min(total, from + pageSize);
        return new SearchResult<>(List.copyOf(selected.subList((int) from, to)), total);
    }

    private static Integer effectivePageSize(Integer requested, InputLimits limits) {
        if (!limits.enabled()) {
            return requested;
        }
        if (requested != null && requested > limits.maximumPageSize()) {
            throw MagentoException.input(
                    "Maximum SearchCriteria pageSize is %max", Map.of("max", limits.maximumPageSize()));
        }
        return requested == null || requested == 0 ? limits.defaultPageSize() : requested;
    }

    /** An unknown column is an SQL error in Magento, which reaches the client as a masked 500. */
    private static void checkColumns(SearchCriteria criteria, ColumnSchema schema) {
        for (FilterGroup group : criteria.filterGroups()) {
            for (Filter filter : group.filters()) {
                if (filter.field() == null || !schema.contains(filter.field())) {
                    throw MagentoException.internal("SQLSTATE[42S22]: Column not found: 1054 Unknown column '"
                            + filter.field() + "' in 'where clause'");
                }
            }
        }
        if (criteria.sortOrders() != null) {
            for (SortOrder sort : criteria.sortOrders()) {
                if (sort.field() == null || !schema.contains(sort.field())) {
                    throw MagentoException.internal("SQLSTATE[42S22]: Column not found: 1054 Unknown column '"
                            + sort.field() + "' in 'order clause'");
                }
            }
        }
    }

    private record ColumnTest(int position, Predicate<SqlValue> test) {}

    private static List<List<ColumnTest>> compile(List<FilterGroup> groups, ColumnSchema schema) {
        List<List<ColumnTest>> compiled = new ArrayList<>();
        for (FilterGroup group : groups) {
            if (!group.filters().isEmpty()) {
                compiled.add(group.filters().stream()
                        .map(f -> new ColumnTest(
                                schema.position(f.field()).orElseThrow(),
                                ConditionType.of(f.conditionType()).matcher(f.value())))
                        .toList());
            }
        }
        return compiled;
    }

    private static boolean matches(SqlValue[] row, List<List<ColumnTest>> groups) {
        for (List<ColumnTest> group : groups) {
            boolean any = false;
            for (ColumnTest filter : group) {
                if (filter.test().test(row[filter.position()])) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sorts by the keys read once per row. MySQL puts NULLs first when ascending and last when descending; the
     * sort is stable, so rows equal on every sort field keep insertion order.
     */
    private static <R> List<R> sorted(
            List<R> rows, List<SortOrder> sortOrders, Function<R, SqlValue[]> values, ColumnSchema schema) {
        record Keyed<R>(R row, SqlValue[] keys) {}
        int[] positions = sortOrders.stream()
                .mapToInt(s -> schema.position(s.field()).orElseThrow())
                .toArray();
        boolean[] ascending = new boolean[positions.length];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = sortOrders.get(i).ascending();
        }
        List<Keyed<R>> keyed = new ArrayList<>(rows.size());
        for (R row : rows) {
            SqlValue[] all = values.apply(row);
            SqlValue[] keys = new SqlValue[positions.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = all[positions[i]];
            }
            keyed.add(new Keyed<>(row, keys));
        }
        keyed.sort((a, b) -> {
            for (int i = 0; i < positions.length; i++) {
                int c = compareNullsFirst(a.keys()[i], b.keys()[i]);
                if (c != 0) {
                    return ascending[i] ? c : -c;
                }
            }
            return 0;
        });
        List<R> result = new ArrayList<>(keyed.size());
        keyed.forEach(k -> result.add(k.row()));
        return result;
    }

    private static int compareNullsFirst(SqlValue a, SqlValue b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
