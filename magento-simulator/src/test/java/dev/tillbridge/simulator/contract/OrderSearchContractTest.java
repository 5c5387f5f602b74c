package dev.tillbridge.simulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.search.PagePastEnd;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.StoreView;
import dev.tillbridge.simulator.support.Criteria;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/magento-api.md §2: {@code GET /V1/orders} searchCriteria semantics, one test per fact. */
class OrderSearchContractTest extends SimulatorFixture {

    /**
     * Five orders, created 10 s apart: entity ids 1-5, store ids 1,2,1,2,1, states new, processing, complete,
     * new, canceled; order 3 (complete) is invoiced. Emails alice1…, bob2…, carol3…, dave4…, erin5….
     */
    private SimulatedStore five;

    private MagentoTestClient fiveClient;

    @BeforeAll
    void seedFive() {
        five = newStore(StoreSpec.tenant(uniqueTenant())
                .withBearerToken(TOKEN)
                .withStoreViews(StoreView.defaultView(), new StoreView("de", 2, "German")));
        String[] states = {"new", "processing", "complete", "new", "canceled"};
        String[] names = {"alice", "bob", "carol", "dave", "erin"};
        for (int i = 0; i < 5; i++) {
            five.createOrder(NewOrder.inState(states[i])
                    .withStoreId(i % 2 == 0 ? 1 : 2)
                    .withCustomerEmail(names[i] + (i + 1) + "@example.com"));
            five.advanceClock(Duration.ofSeconds(10));
        }
        fiveClient = client(five);
    }

    private static List<Integer> ids(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        List<Integer> ids = new ArrayList<>();
        reply.json()
                .path("items")
                .forEach(item -> ids.add(item.path("entity_id").asInt()));
        return ids;
    }

    @Test
    void filtersInOneGroupAreOred() {
        Reply reply = fiveClient.get(Criteria.search()
                .filter(0, 0, "entity_id", "1", "eq")
                .filter(0, 1, "entity_id", "4", "eq")
                .orders());
        assertEquals(List.of(1, 4), ids(reply));
    }

    @Test
    void fieldsAnswersOnlyTheNamedKeysOfEveryItemAndTheTotal() {
        Reply reply = fiveClient.get(Criteria.search()
                .filter(0, 0, "updated_at", "2000-01-01 00:00:00", "gteq")
                .filter(0, 1, "entity_id", "2", "gt")
                .sort("entity_id", "ASC")
                .pageSize(2)
                .fields("items[entity_id,state,base_total_invoiced],total_count")
                .orders());
        assertEquals(200, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals(Set.of("items", "total_count"), fieldNames(body), "only what was named, no search_criteria");
        assertEquals(5, body.path("total_count").asInt(), "the total stays unpaged");
        assertEquals(2, body.path("items").size());
        assertEquals(Set.of("entity_id", "state"), fieldNames(body.path("items").get(0)), "order 1 is not invoiced");
        assertEquals(
                Set.of("entity_id", "state", "base_total_invoiced"),
                fieldNames(fiveClient
                        .get(Criteria.search()
                                .filter(0, "entity_id", "3", "eq")
                                .fields("items[entity_id,state,base_total_invoiced]")
                                .orders())
                        .json()
                        .path("items")
                        .get(0)),
                "a key is kept when the order has it (order 3 is invoiced)");
    }

    @Test
    void fieldsDoesNotChangeAnErrorAnswer() {
        Reply reply = fiveClient.get("/rest/V1/orders?fields=items%5Bentity_id%5D");
        assertEquals(400, reply.status(), reply::toString);
        assertTrue(reply.json().has("message"), reply::toString);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void filterGroupsAreAnded() {
        Reply reply = fiveClient.get(Criteria.search()
                .filter(0, "state", "new", "eq")
                .filter(1, "store_id", "2", "eq")
                .orders());
        assertEquals(List.of(4), ids(reply));
    }

    @Test
    void missingConditionTypeMeansEqAndIsEchoedAsEq() {
        Reply reply = fiveClient.get(
                Criteria.search().filter(0, "state", "complete", null).orders());
        assertEquals(List.of(3), ids(reply));
        assertEquals(
                "eq",
                reply.json()
                        .at("/search_criteria/filter_groups/0/filters/0/condition_type")
                        .asText());
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("eq", "entity_id", "2", List.of(2)),
                Arguments.of("neq", "entity_id", "2", List.of(1, 3, 4, 5)),
                Arguments.of("gt", "entity_id", "3", List.of(4, 5)),
                Arguments.of("gteq", "entity_id", "3", List.of(3, 4, 5)),
                Arguments.of("lt", "entity_id", "3", List.of(1, 2)),
                Arguments.of("lteq", "entity_id", "3", List.of(1, 2, 3)),
                Arguments.of("moreq", "entity_id", "4", List.of(4, 5)),
                Arguments.of("from", "entity_id", "4", List.of(4, 5)),
                Arguments.of("to", "entity_id", "2", List.of(1, 2)),
                Arguments.of("like", "customer_email", "%ER%", List.of(5)),
                Arguments.of("like", "customer_email", "_ob%", List.of(2)),
                Arguments.of("nlike", "customer_email", "a%", List.of(2, 3, 4, 5)),
                Arguments.of("in", "entity_id", "1,3,5", List.of(1, 3, 5)),
                Arguments.of("nin", "entity_id", "1,3,5", List.of(2, 4)),
                Arguments.of("null", "total_invoiced", null, List.of(1, 2, 4, 5)),
                Arguments.of("notnull", "total_invoiced", null, List.of(3)),
                Arguments.of("finset", "state", "new", List.of(1, 4)),
                Arguments.of("nfinset", "state", "new", List.of(2, 3, 5)),
                Arguments.of("eq", "state", "NEW", List.of(1, 4)));
    }

    @ParameterizedTest(name = "{0} {1} {2} selects {3}")
    @MethodSource("conditions")
    void eachConditionTypeSelectsWhatMysqlWould(String condition, String field, String value, List<Integer> expected) {
        assertEquals(
                expected,
                ids(fiveClient.get(
                        Criteria.search().filter(0, field, value, condition).orders())));
    }

    @Test
    void fromAndToInSeparateGroupsGiveARange() {
        Reply reply = fiveClient.get(Criteria.search()
                .filter(0, "entity_id", "2", "from")
                .filter(1, "entity_id", "4", "to")
                .orders());
        assertEquals(List.of(2, 3, 4), ids(reply));
    }

    @Test
    void sortWithoutDirectionIsDescending() {
        assertEquals(
                List.of(5, 4, 3, 2, 1),
                ids(fiveClient.get(Criteria.search().sort("entity_id", null).orders())));
    }

    @Test
    void sortDirectionOtherThanAscIsDescending() {
        assertEquals(
                List.of(5, 4, 3, 2, 1),
                ids(fiveClient.get(Criteria.search().sort("created_at", "UP").orders())));
        assertEquals(
                List.of(1, 2, 3, 4, 5),
                ids(fiveClient.get(Criteria.search().sort("created_at", "ASC").orders())));
    }

    @Test
    void sortOrdersApplyInTheOrderSent() {
        assertEquals(
                List.of(2, 4, 1, 3, 5),
                ids(fiveClient.get(Criteria.search()
                        .sort("store_id", "DESC")
                        .sort("entity_id", "ASC")
                        .orders())));
    }

    @Test
    void noSortReturnsInsertionOrderEvenAfterUpdates() {
        SimulatedStore store = newStore();
        store.seedOrders(3);
        store.advanceClock(Duration.ofMinutes(1));
        store.touchOrder(1);
        assertEquals(List.of(1, 2, 3), ids(client(store).get(Criteria.search().orders())));
    }

    @Test
    void pageSizeAndCurrentPageAreOneBased() {
        assertEquals(
                List.of(3, 4),
                ids(fiveClient.get(Criteria.search().pageSize(2).currentPage(2).orders())));
    }

    @Test
    void currentPageBelowOneMeansFirstPage() {
        assertEquals(
                List.of(1, 2),
                ids(fiveClient.get(Criteria.search().pageSize(2).currentPage(0).orders())));
        assertEquals(
                List.of(1, 2),
                ids(fiveClient.get(Criteria.search().pageSize(2).currentPage(-3).orders())));
    }

    @Test
    void missingPageSizeReturnsEveryRow() {
        SimulatedStore store = newStore();
        store.seedOrders(150);
        assertEquals(
                150,
                ids(client(store).get(Criteria.search().currentPage(1).orders()))
                        .size());
    }

    @Test
    void pageSizeZeroReturnsEveryRow() {
        assertEquals(
                5,
                ids(fiveClient.get(Criteria.search().pageSize(0).currentPage(1).orders()))
                        .size());
    }

    @Test
    void totalCountIsTheUnpagedCountOfMatches() {
        Reply reply = fiveClient.get(
                Criteria.search().filter(0, "entity_id", "1", "gt").pageSize(2).orders());
        assertEquals(2, reply.json().path("items").size());
        assertEquals(4, reply.json().path("total_count").asInt());
    }

    @Test
    void envelopeEchoesSearchCriteriaWithoutPagingWhenNotSent() {
        JsonNode body = fiveClient
                .get(Criteria.search().filter(0, "state", "new", "eq").orders())
                .json();
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("items", "search_criteria", "total_count"), keys);
        JsonNode echo = body.path("search_criteria");
        assertEquals("state", echo.at("/filter_groups/0/filters/0/field").asText());
        assertEquals("new", echo.at("/filter_groups/0/filters/0/value").asText());
        assertFalse(echo.has("page_size"), echo::toString);
        assertFalse(echo.has("current_page"), echo::toString);
    }

    @Test
    void envelopeEchoesPagingAndSortOrdersWhenSent() {
        JsonNode echo = fiveClient
                .get(Criteria.search()
                        .sort("entity_id", "ASC")
                        .pageSize(2)
                        .currentPage(3)
                        .orders())
                .json()
                .path("search_criteria");
        assertEquals(2, echo.path("page_size").asInt());
        assertEquals(3, echo.path("current_page").asInt());
        assertEquals("entity_id", echo.at("/sort_orders/0/field").asText());
        assertEquals("ASC", echo.at("/sort_orders/0/direction").asText());
        assertTrue(echo.path("filter_groups").isArray());
    }

    @Test
    void pagePastTheEndReturnsEmptyItemsIn24Mode() {
        Reply reply =
                fiveClient.get(Criteria.search().pageSize(2).currentPage(4).orders());
        assertEquals(List.of(), ids(reply));
        assertEquals(5, reply.json().path("total_count").asInt());
    }

    @Test
    void pagePastTheEndReturnsLastPageAgainIn23Mode() {
        SimulatedStore store = newStore(
                StoreSpec.tenant(uniqueTenant()).withBearerToken(TOKEN).withPagePastEnd(PagePastEnd.MAGENTO_23));
        store.seedOrders(5);
        MagentoTestClient client = client(store);
        assertEquals(
                List.of(5),
                ids(client.get(Criteria.search().pageSize(2).currentPage(3).orders())));
        assertEquals(
                List.of(5),
                ids(client.get(Criteria.search().pageSize(2).currentPage(4).orders())));
        assertEquals(
                List.of(5),
                ids(client.get(Criteria.search().pageSize(2).currentPage(99).orders())));
    }

    @Test
    void pagePastEndModeCanBeSwitchedAtRuntime() {
        SimulatedStore store = newStore();
        store.seedOrders(3);
        String pastEnd = Criteria.search().pageSize(2).currentPage(5).orders();
        assertEquals(List.of(), ids(client(store).get(pastEnd)));
        store.pagePastEnd(PagePastEnd.MAGENTO_23);
        assertEquals(List.of(3), ids(client(store).get(pastEnd)));
    }

    @Test
    void missingSearchCriteriaIs400FieldRequired() {
        Reply reply = fiveClient.get("/rest/V1/orders");
        assertEquals(400, reply.status());
        assertEquals(
                "\"%fieldName\" is required. Enter and try again.",
                reply.json().path("message").asText());
        assertEquals("searchCriteria", reply.json().at("/parameters/fieldName").asText());
    }

    @Test
    void datesAreUtcWholeSecondsInMagentoFormat() {
        JsonNode order = fiveClient.get("/rest/V1/orders/1").json();
        assertTrue(
                order.path("created_at").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"),
                order::toString);
        assertTrue(
                order.path("updated_at").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"),
                order::toString);
    }

    @Test
    void updatedAtFiltersCompareAsUtcStrings() {
        String third =
                fiveClient.get("/rest/V1/orders/3").json().path("updated_at").asText();
        assertEquals(
                List.of(3, 4, 5),
                ids(fiveClient.get(
                        Criteria.search().filter(0, "updated_at", third, "gteq").orders())));
        assertEquals(
                List.of(4, 5),
                ids(fiveClient.get(
                        Criteria.search().filter(0, "updated_at", third, "gt").orders())));
        String day = third.substring(0, 10);
        assertEquals(
                5,
                ids(fiveClient.get(Criteria.search()
                                        .filter(0, "created_at", day, "gteq")
                                        .orders()))
                                .size()
                        + ids(fiveClient.get(Criteria.search()
                                        .filter(0, "created_at", day, "lt")
                                        .orders()))
                                .size());
    }

    @Test
    void camelCaseAndSnakeCaseKeysAreBothAccepted() {
        String camel = "/rest/V1/orders?searchCriteria[filterGroups][0][filters][0][field]=entity_id"
                + "&searchCriteria[filterGroups][0][filters][0][value]=2"
                + "&searchCriteria[filterGroups][0][filters][0][conditionType]=gt"
                + "&searchCriteria[sort_orders][0][field]=entity_id&searchCriteria[sort_orders][0][direction]=ASC"
                + "&searchCriteria[page_size]=2&searchCriteria[current_page]=1";
        assertEquals(List.of(3, 4), ids(fiveClient.get(camel)));
    }

    @Test
    void ordersOfEveryStoreViewAreListedWhateverTheStoreCode() {
        assertEquals(
                5,
                ids(fiveClient.get("/rest/de/V1/orders" + Criteria.search().query()))
                        .size());
        assertEquals(
                5,
                ids(fiveClient.get("/rest/all/V1/orders" + Criteria.search().query()))
                        .size());
    }

    @Test
    void filterOnAnUnknownColumnIsAMaskedInternalError() {
        Reply reply = fiveClient.get(
                Criteria.search().filter(0, "updatedAt", "2024-01-01", "gteq").orders());
        assertEquals(500, reply.status());
        assertTrue(
                reply.json()
                        .path("message")
                        .asText()
                        .startsWith("Internal Error. Details are available in Magento log file. Report ID: webapi-"),
                reply::toString);
    }

    @Test
    void nonIntegerPageSizeIs400TypeError() {
        Reply reply = fiveClient.get("/rest/V1/orders?searchCriteria[pageSize]=ten");
        assertEquals(400, reply.status());
        assertEquals(
                "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.",
                reply.json().path("message").asText());
        assertEquals("ten", reply.json().at("/parameters/value").asText());
        assertEquals("int", reply.json().at("/parameters/type").asText());
    }
}
