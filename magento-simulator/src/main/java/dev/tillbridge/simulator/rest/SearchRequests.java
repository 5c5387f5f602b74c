package dev.tillbridge.simulator.rest;

import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.http.MagentoCall;
import dev.tillbridge.simulator.http.RouteResult;
import dev.tillbridge.simulator.json.SimulatorJson;
import dev.tillbridge.simulator.search.SearchCriteria;
import dev.tillbridge.simulator.search.SearchCriteriaParser;
import dev.tillbridge.simulator.search.SearchResult;
import dev.tillbridge.simulator.store.StoredRow;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The parts shared by every {@code getList} route: reading searchCriteria and writing the envelope. */
final class SearchRequests {

    private SearchRequests() {}

    /** No searchCriteria at all is refused the way Magento refuses a missing required argument (docs/magento-api.md §2). */
    static SearchCriteria criteria(MagentoCall call) {
        return SearchCriteriaParser.parse(call.query())
                .orElseThrow(() ->
                        MagentoException.input(MagentoException.FIELD_REQUIRED, Map.of("fieldName", "searchCriteria")));
    }

    /**
     * {@code {"items":[…],"search_criteria":{…},"total_count":N}}, with each row's JSON copied as stored rather
     * than serialized again.
     */
    static RouteResult envelope(SearchResult<? extends StoredRow<?>> result, SearchCriteria criteria) {
        byte[] head = "{\"items\":[".getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("],\"search_criteria\":" + new String(SimulatorJson.bytes(criteria), StandardCharsets.UTF_8)
                        + ",\"total_count\":" + result.totalCount() + "}")
                .getBytes(StandardCharsets.UTF_8);
        int size = head.length + tail.length + Math.max(0, result.items().size() - 1);
        for (StoredRow<?> row : result.items()) {
            size += row.json().length;
        }
        // Pages can be megabytes; one exactly sized array avoids the copies of a growing buffer.
        byte[] body = new byte[size];
        int at = put(body, 0, head);
        boolean first = true;
        for (StoredRow<?> row : result.items()) {
            if (!first) {
                body[at++] = ',';
            }
            at = put(body, at, row.json());
            first = false;
        }
        put(body, at, tail);
        return new RouteResult(200, body, result.items().size());
    }

    private static int put(byte[] target, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, target, at, bytes.length);
        return at + bytes.length;
    }
}
