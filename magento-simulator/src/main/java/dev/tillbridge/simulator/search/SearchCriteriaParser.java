package dev.tillbridge.simulator.search;

import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.search.SearchCriteria.Filter;
import dev.tillbridge.simulator.search.SearchCriteria.FilterGroup;
import dev.tillbridge.simulator.search.SearchCriteria.SortOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code searchCriteria[...]} from a parsed query. Magento's input processor maps both snake_case and
 * camelCase keys to the same setters, so {@code filter_groups} and {@code filterGroups} are both accepted; unknown
 * keys are ignored (a choice: newer Magento versions may refuse them).
 */
public final class SearchCriteriaParser {

    private SearchCriteriaParser() {}

    /** Empty when the query has no {@code searchCriteria} at all; {@code ?searchCriteria=} is an empty criteria. */
    public static Optional<SearchCriteria> parse(Map<String, Object> query) {
        Object root = query.get("searchCriteria");
        if (root == null) {
            return Optional.empty();
        }
        if (!(root instanceof Map<?, ?> criteria)) {
            return Optional.of(SearchCriteria.empty());
        }
        List<FilterGroup> groups = new ArrayList<>();
        for (Object group : entries(pick(criteria, "filter_groups", "filterGroups"))) {
            List<Filter> filters = new ArrayList<>();
            if (group instanceof Map<?, ?> groupMap) {
                for (Object filter : entries(groupMap.get("filters"))) {
                    if (filter instanceof Map<?, ?> f) {
                        String type = text(pick(f, "condition_type", "conditionType"));
                        filters.add(new Filter(
                                text(f.get("field")),
                                text(f.get("value")),
                                type == null || type.isEmpty() ? "eq" : type));
                    }
                }
            }
            groups.add(new FilterGroup(filters));
        }
        List<SortOrder> sortOrders = null;
        Object sorts = pick(criteria, "sort_orders", "sortOrders");
        if (sorts != null) {
            sortOrders = new ArrayList<>();
            for (Object sort : entries(sorts)) {
                if (sort instanceof Map<?, ?> s) {
                    sortOrders.add(new SortOrder(text(s.get("field")), text(s.get("direction"))));
                }
            }
        }
        return Optional.of(new SearchCriteria(
                groups,
                sortOrders,
                integer(pick(criteria, "page_size", "pageSize")),
                integer(pick(criteria, "current_page", "currentPage"))));
    }

    private static Object pick(Map<?, ?> map, String snake, String camel) {
        Object value = map.get(snake);
        return value != null ? value : map.get(camel);
    }

    private static Iterable<?> entries(Object node) {
        return node instanceof Map<?, ?> map ? map.values() : List.of();
    }

    private static String text(Object node) {
        return node instanceof String s ? s : null;
    }

    /** Magento's type processor refuses a non-integer with its "value's type is invalid" message. */
    private static Integer integer(Object node) {
        if (node == null) {
            return null;
        }
        String value = node instanceof String s ? s.trim() : "Array";
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw MagentoException.input(MagentoException.INVALID_TYPE, Map.of("value", value, "type", "int"));
        }
    }
}
