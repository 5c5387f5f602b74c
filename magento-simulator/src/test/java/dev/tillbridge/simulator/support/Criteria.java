package dev.tillbridge.simulator.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds {@code searchCriteria[...]} query strings the way Magento clients send them. */
public final class Criteria {

    private final List<String> params = new ArrayList<>();
    private int sorts;

    public static Criteria search() {
        return new Criteria();
    }

    public Criteria filter(int group, int index, String field, String value, String condition) {
        String prefix = "searchCriteria[filter_groups][" + group + "][filters][" + index + "]";
        params.add(prefix + "[field]=" + enc(field));
        if (value != null) {
            params.add(prefix + "[value]=" + enc(value));
        }
        if (condition != null) {
            params.add(prefix + "[condition_type]=" + enc(condition));
        }
        return this;
    }

    public Criteria filter(int group, String field, String value, String condition) {
        return filter(group, 0, field, value, condition);
    }

    public Criteria sort(String field, String direction) {
        String prefix = "searchCriteria[sortOrders][" + sorts++ + "]";
        params.add(prefix + "[field]=" + enc(field));
        if (direction != null) {
            params.add(prefix + "[direction]=" + enc(direction));
        }
        return this;
    }

    /** A partial answer: {@code fields=items[a,b],total_count} (docs/magento-api.md §2). */
    public Criteria fields(String spec) {
        params.add("fields=" + enc(spec));
        return this;
    }

    public Criteria pageSize(int size) {
        params.add("searchCriteria[pageSize]=" + size);
        return this;
    }

    public Criteria currentPage(int page) {
        params.add("searchCriteria[currentPage]=" + page);
        return this;
    }

    /** A query with at least {@code searchCriteria} present, so Magento does not refuse it. */
    public String query() {
        return "?" + (params.isEmpty() ? "searchCriteria=" : String.join("&", params));
    }

    public String orders() {
        return "/rest/V1/orders" + query();
    }

    public String invoices() {
        return "/rest/V1/invoices" + query();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
