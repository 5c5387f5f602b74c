package dev.tillbridge.simulator.search;

import java.util.List;

/**
 * Magento's {@code SearchCriteriaInterface} as received. Serialized it is the {@code search_criteria} echo of a
 * list response: {@code filter_groups} always present, {@code sort_orders}, {@code page_size} and
 * {@code current_page} only when they were sent (docs/magento-api.md §2, #35310).
 */
public record SearchCriteria(
        List<FilterGroup> filterGroups, List<SortOrder> sortOrders, Integer pageSize, Integer currentPage) {

    public static SearchCriteria empty() {
        return new SearchCriteria(List.of(), null, null, null);
    }

    /** Filters inside a group are OR'ed; groups are AND'ed. */
    public record FilterGroup(List<Filter> filters) {}

    /**
     * {@code conditionType} echoes as {@code eq} when it was not sent, because Magento's {@code Filter} getter
     * defaults it.
     */
    public record Filter(String field, String value, String conditionType) {}

    public record SortOrder(String field, String direction) {

        /** Anything but ASC, including no direction at all, sorts descending (SortingProcessor). */
        public boolean ascending() {
            return direction != null && direction.equalsIgnoreCase("ASC");
        }
    }
}
