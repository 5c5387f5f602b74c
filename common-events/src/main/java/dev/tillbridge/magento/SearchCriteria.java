package dev.tillbridge.magento;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Magento's {@code searchCriteria} as PHP-style bracket query parameters. Filters inside one group are
 * OR-ed, groups are AND-ed; a sort without direction would be DESC in Magento, so every sort here names
 * its direction; a missing page size would return every row, so one is always set.
 */
public record SearchCriteria(List<List<Filter>> filterGroups, List<Sort> sortOrders, int pageSize, int currentPage) {

    public SearchCriteria {
        filterGroups = filterGroups.stream().map(List::copyOf).toList();
        sortOrders = List.copyOf(sortOrders);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1: Magento returns every row for 0");
        }
        if (currentPage < 1) {
            throw new IllegalArgumentException("currentPage is 1-based");
        }
    }

    public record Filter(String field, String value, String conditionType) {
        public Filter {
            Objects.requireNonNull(field);
            Objects.requireNonNull(conditionType);
        }
    }

    public record Sort(String field, boolean ascending) {}

    public static Builder builder() {
        return new Builder();
    }

    public SearchCriteria page(int page) {
        return new SearchCriteria(filterGroups, sortOrders, pageSize, page);
    }

    /** The query string, without the leading {@code ?}. */
    public String toQuery() {
        List<String> params = new ArrayList<>();
        for (int g = 0; g < filterGroups.size(); g++) {
            List<Filter> group = filterGroups.get(g);
            for (int f = 0; f < group.size(); f++) {
                String prefix = "searchCriteria[filter_groups][" + g + "][filters][" + f + "]";
                Filter filter = group.get(f);
                params.add(param(prefix + "[field]", filter.field()));
                if (filter.value() != null) {
                    params.add(param(prefix + "[value]", filter.value()));
                }
                params.add(param(prefix + "[condition_type]", filter.conditionType()));
            }
        }
        for (int s = 0; s < sortOrders.size(); s++) {
            params.add(param(
                    "searchCriteria[sortOrders][" + s + "][field]",
                    sortOrders.get(s).field()));
            params.add(param(
                    "searchCriteria[sortOrders][" + s + "][direction]",
                    sortOrders.get(s).ascending() ? "ASC" : "DESC"));
        }
        params.add(param("searchCriteria[pageSize]", Integer.toString(pageSize)));
        params.add(param("searchCriteria[currentPage]", Integer.toString(currentPage)));
        return String.join("&", params);
    }

    private static String param(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static final class Builder {
        private final List<List<Filter>> groups = new ArrayList<>();
        private final List<Sort> sorts = new ArrayList<>();
        private int pageSize = 100;
        private int currentPage = 1;

        /** A group of filters OR-ed together; groups are AND-ed. */
        public Builder anyOf(Filter... filters) {
            groups.add(List.of(filters));
            return this;
        }

        public Builder where(String field, String conditionType, String value) {
            return anyOf(new Filter(field, value, conditionType));
        }

        public Builder sortAscending(String field) {
            sorts.add(new Sort(field, true));
            return this;
        }

        public Builder sortDescending(String field) {
            sorts.add(new Sort(field, false));
            return this;
        }

        public Builder pageSize(int size) {
            this.pageSize = size;
            return this;
        }

        public Builder currentPage(int page) {
            this.currentPage = page;
            return this;
        }

        public SearchCriteria build() {
            return new SearchCriteria(groups, sorts, pageSize, currentPage);
        }
    }
}
