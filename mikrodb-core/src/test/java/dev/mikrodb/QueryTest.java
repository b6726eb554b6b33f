package dev.mikrodb;

import dev.mikrodb.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.json.Json;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The seed's "Query" section, example by example, plus the edge cases and errors it leaves open. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryTest {
    @TempDir
    static Path dir;
    MikroDB db;

    static final String[] USERS = {
        "user1", "{\"name\":\"Alice\",\"age\":25,\"status\":\"active\",\"role\":\"admin\",\"email\":\"alice@company.com\","
            + "\"tags\":[\"vip\",\"early-adopter\"],\"scores\":[90,85],\"lastLogin\":1700000005000,"
            + "\"profile\":{\"location\":{\"country\":\"USA\",\"city\":\"NYC\"},\"preferences\":{\"theme\":\"dark\","
            + "\"notifications\":true}}}",
        "user2", "{\"name\":\"Bob\",\"age\":30,\"status\":\"active\",\"role\":\"user\",\"email\":\"bob@gmail.com\","
            + "\"tags\":[\"premium\"],\"scores\":[70],\"lastLogin\":1700000003000,"
            + "\"profile\":{\"location\":{\"country\":\"Canada\",\"city\":\"Toronto\"},\"preferences\":{\"theme\":"
            + "\"light\",\"notifications\":false}}}",
        "user3", "{\"name\":\"Carol\",\"age\":24,\"status\":\"inactive\",\"role\":\"moderator\",\"email\":"
            + "\"carol@COMPANY.com\",\"tags\":[\"vip\",\"premium\"],\"scores\":[],\"lastLogin\":1700000001000,"
            + "\"profile\":{\"location\":{\"country\":\"USA\",\"city\":\"LA\"},\"preferences\":{\"theme\":\"dark\","
            + "\"notifications\":true}}}",
        "user4", "{\"name\":\"Dan\",\"age\":35,\"status\":\"active\",\"role\":\"guest\",\"email\":\"dan@company.com\","
            + "\"tags\":[],\"lastLogin\":1700000004000,\"nickname\":null,"
            + "\"profile\":{\"location\":{\"country\":\"UK\"},\"preferences\":{\"theme\":\"dark\","
            + "\"notifications\":false}}}",
        "user5", "{\"name\":\"Eve\",\"age\":26,\"status\":\"active\",\"role\":\"admin\",\"email\":\"eve@company.com\","
            + "\"tags\":[\"premium\",\"vip\",\"early-adopter\"],\"scores\":[100],\"lastLogin\":1700000002000,"
            + "\"profile\":{\"location\":{\"country\":\"Canada\"},\"preferences\":{\"theme\":\"light\","
            + "\"notifications\":true}}}",
    };

    @BeforeAll
    void load() {
        db = MikroDB.open(dir);
        for (int i = 0; i < USERS.length; i += 2) {
            db.write(WriteRequest.builder("users", USERS[i]).jsonValue(USERS[i + 1]).build());
        }
    }

    @AfterAll
    void close() {
        db.close();
    }

    private List<String> names(String filter) {
        return names(Query.builder().filter(filter).build(), true);
    }

    private List<String> names(Query q, boolean sortByName) {
        List<String> n = db.query("users", q).stream().map(i -> i.value().get("name").asText()).toList();
        return sortByName ? n.stream().sorted().toList() : n;
    }

    private static String op(String field, String op, String value) {
        return "{\"" + field + "\": {\"operator\": \"" + op + "\", \"value\": " + value + "}}";
    }

    @Test
    void byKeyAndAll() {
        assertEquals("Alice", db.get("users", "user1").orElseThrow().value().get("name").asText());
        assertEquals(5, db.getAll("users").size());
        assertEquals(5, db.query("users", dev.mikrodb.wire.QueryCodec.read(null)).size());
    }

    @Test
    void exactMatchIncludingNullBooleansAndNumbers() {
        assertEquals(List.of("Alice", "Bob", "Dan", "Eve"), names("{\"status\": \"active\"}"));
        assertEquals(List.of("Dan"), names("{\"nickname\": null}"), "null matches an explicit null only");
        assertEquals(List.of("Alice", "Carol", "Eve"), names("{\"profile.preferences.notifications\": true}"));
        assertEquals(List.of("Bob"), names("{\"age\": 30.0}"), "numbers compare by value");
        assertEquals(List.of("Dan"), names("{\"tags\": []}"), "arrays compare element-wise");
    }

    /**
     * Field names that are stored escaped (a quote, a backslash, a control character) are matched by their text,
     * and a field after them is still found; non-ASCII names are stored as plain UTF-8.
     */
    @Test
    void aSmallUnsortedPageReadsOnlyAsFarAsItNeeds() {
        List<WriteRequest> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            batch.add(WriteRequest.of("pages", "k" + i, RawJson.of("{\"n\":" + i + ",\"even\":" + (i % 2 == 0) + "}")));
        }
        db.writeBatch(batch);
        Query firstFifteen = Query.builder().filter("{\"even\": true}").limit(15).build();
        Explained page = db.explain("pages", firstFifteen);
        assertEquals(15, page.results().size());
        assertTrue(page.plan().itemsExamined() < 1_000, "read " + page.plan().itemsExamined() + " of 30,000 items");
        for (Item item : page.results()) {
            assertTrue(item.value().get("even").asBoolean(), item.key());
        }
        List<Item> shifted = db.query("pages", Query.builder().filter("{\"even\": true}").offset(5).limit(10).build());
        assertEquals(page.results().subList(5, 15).stream().map(Item::key).toList(),
                shifted.stream().map(Item::key).toList(), "the same order on every call");
        Explained all = db.explain("pages", Query.builder().filter("{\"even\": true}").build());
        assertEquals(15_000, all.results().size());
        assertEquals(30_000, all.plan().itemsExamined());
    }

    @Test
    void fieldNamesWithEscapesOrNonAsciiAreMatchedByTheirText() {
        db.write(WriteRequest.builder("odd", "k1").jsonValue(
                "{\"say \\\"hi\\\"\": 1, \"back\\\\slash\": 2, \"tab\\there\": 3, \"caf\u00e9\": 4, \"z\": 5}").build());
        db.write(WriteRequest.builder("odd", "k2").jsonValue("{\"z\": 5}").build());
        com.fasterxml.jackson.databind.node.ObjectNode filter = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        for (String name : List.of("say \"hi\"", "back\\slash", "tab\there", "caf\u00e9")) {
            filter.removeAll();
            filter.put(name, db.get("odd", "k1").orElseThrow().value().get(name).asInt());
            filter.put("z", 5);
            List<Item> found = db.query("odd", Query.builder().filter(filter.toString()).build());
            assertEquals(List.of("k1"), found.stream().map(Item::key).toList(), name);
        }
    }

    @Test
    void comparisonOperators() {
        assertEquals(List.of("Bob", "Dan", "Eve"), names(op("age", "gt", "25")));
        assertEquals(List.of("Alice", "Bob", "Dan", "Eve"), names(op("age", "gte", "25")));
        assertEquals(List.of("Carol"), names(op("age", "lt", "25")));
        assertEquals(List.of("Alice", "Carol"), names(op("age", "lte", "25")));
        assertEquals(List.of("Alice", "Carol", "Eve"), names(op("age", "between", "[24, 26]")));
        assertEquals(List.of("Alice", "Carol", "Eve"), names(op("role", "in", "[\"admin\", \"moderator\"]")));
        assertEquals(List.of("Alice", "Carol", "Eve"), names(op("role", "nin", "[\"guest\", \"user\"]")));
        assertEquals(List.of("Alice", "Carol", "Dan", "Eve"), names(op("role", "neq", "\"user\"")));
        assertEquals(List.of("Bob"), names(op("role", "eq", "\"user\"")));
        assertEquals(List.of("Alice", "Bob", "Carol", "Dan"), names(op("name", "lt", "\"E\"")), "strings order");
        assertEquals(List.of(), names(op("age", "gt", "\"20\"")), "no coercion between number and string");
    }

    @Test
    void arrayOperators() {
        assertEquals(List.of("Alice", "Carol", "Eve"), names(op("tags", "contains", "\"vip\"")));
        assertEquals(List.of("Alice", "Eve"), names(op("tags", "containsAll", "[\"vip\", \"early-adopter\"]")));
        assertEquals(List.of("Alice", "Bob", "Carol", "Eve"), names(op("tags", "containsAny", "[\"premium\", \"vip\"]")));
        assertEquals(List.of("Alice", "Carol"), names(op("tags", "size", "2")));
        assertEquals(List.of("Dan"), names(op("tags", "size", "0")));
        assertEquals(List.of("Alice", "Bob", "Carol", "Dan", "Eve"), names(op("tags", "containsAll", "[]")),
                "containsAll [] matches every array");
        assertEquals(List.of(), names(op("tags", "containsAny", "[]")));
        assertEquals(List.of("Eve"), names(op("scores", "contains", "100.0")));
        assertEquals(List.of("Alice", "Carol"), names(op("tags.0", "eq", "\"vip\"")), "numeric path segments index arrays");
    }

    @Test
    void stringOperators() {
        assertEquals(List.of("Alice", "Carol", "Dan", "Eve"), names(op("email", "like", "\"@company.com\"")),
                "like is a case-insensitive substring test");
        assertEquals(List.of("Alice", "Dan", "Eve"), names(op("email", "regex", "\"^[^@]+@company\\\\.com$\"")));
        assertEquals(List.of(), names(op("email", "regex", "\"[\"")), "an invalid regex matches nothing");
        assertEquals(List.of("Alice", "Dan", "Eve"), names(op("email", "contains", "\"@company\"")),
                "contains on a string is a case-sensitive substring test");
    }

    @Test
    void nestedFieldsDotPathsAndNestedObjects() {
        assertEquals(List.of("Alice", "Carol"), names("{\"profile.location.country\": \"USA\"}"));
        assertEquals(List.of("Alice", "Carol", "Dan"), names(op("profile.preferences.theme", "eq", "\"dark\"")));
        assertEquals(List.of("Alice", "Carol", "Dan"), names("{\"profile\": {\"preferences\": {\"theme\": \"dark\"}}}"));
        assertEquals(List.of("Alice", "Carol"), names("{\"profile\": {\"preferences\": {\"theme\": \"dark\"}, "
                + "\"location\": {\"country\": {\"operator\": \"in\", \"value\": [\"USA\"]}}}}"));
        assertEquals(List.of(), names("{\"profile.location.city.name\": \"NYC\"}"), "a path that breaks off");
    }

    @Test
    void implicitAndOrAndCombined() {
        assertEquals(List.of("Alice", "Eve"), names("{\"status\": \"active\", \"role\": \"admin\"}"));
        assertEquals(List.of("Alice", "Bob", "Eve"), names("{\"$or\": [{\"role\": \"admin\"}, "
                + "{\"profile.location.country\": \"Canada\"}]}"));
        // The seed's complex query: ($or admin / premium) AND active AND age >= 25, newest login first, limit 2.
        Query q = Query.builder().filter("{\"$or\": [{\"role\": \"admin\"}, {\"tags\": {\"operator\": \"contains\", "
                + "\"value\": \"premium\"}}], \"status\": \"active\", \"age\": {\"operator\": \"gte\", \"value\": 25}}")
                .sort("{\"lastLogin\": -1}").limit(2).build();
        assertEquals(List.of("Alice", "Bob"), names(q, false));
    }

    @Test
    void seedCountryNotificationsAgeExample() {
        assertEquals(List.of("Alice", "Carol", "Eve"), names("{\"profile.location.country\": {\"operator\": \"in\", "
                + "\"value\": [\"USA\", \"Canada\"]}, \"profile.preferences.notifications\": true, \"age\": "
                + "{\"operator\": \"between\", \"value\": [20, 35]}}"));
    }

    @Test
    void missingFieldsMatchOnlyNegations() {
        assertEquals(List.of(), names(op("nonexistentField", "eq", "\"something\"")));
        assertEquals(List.of("Alice", "Bob", "Carol", "Dan", "Eve"), names(op("nonexistentField", "neq", "1")));
        assertEquals(List.of("Alice", "Bob", "Carol", "Dan", "Eve"), names(op("nonexistentField", "nin", "[1]")));
        assertEquals(List.of("Carol"), names(op("scores", "size", "0")), "Dan has no scores field at all");
        assertEquals(List.of("Alice", "Bob", "Carol", "Eve"), names(op("scores", "containsAll", "[]")));
        assertEquals(List.of(), names(op("scores", "gte", "0")), "range operators do not look inside arrays");
    }

    @Test
    void sortBySpecAndComparatorIsStableWithMissingLast() {
        assertEquals(List.of("Dan", "Bob", "Eve", "Alice", "Carol"),
                names(Query.builder().sort("{\"age\": -1}").build(), false));
        assertEquals(List.of("Alice", "Carol", "Dan", "Bob", "Eve"),
                names(Query.builder().sort("{\"profile.preferences.theme\": 1, \"name\": 1}").build(), false));
        assertEquals(List.of("Bob", "Alice", "Carol", "Eve", "Dan"),
                names(Query.builder().sort("{\"profile.location.city\": -1, \"name\": -1}").build(), false));
        // Missing values come last whatever the direction.
        List<String> byCityDesc = names(Query.builder().sort("{\"profile.location.city\": -1}").build(), false);
        assertEquals(List.of("Bob", "Alice", "Carol"), byCityDesc.subList(0, 3));
        List<String> byCityAsc = names(Query.builder().sort("{\"profile.location.city\": 1}").build(), false);
        assertEquals(List.of("Carol", "Alice", "Bob"), byCityAsc.subList(0, 3));
        assertEquals(List.of("Carol", "Eve", "Bob", "Dan", "Alice"), names(Query.builder()
                .sort(Comparator.comparingLong((JsonNode v) -> v.get("lastLogin").asLong())).build(), false));
    }

    @Test
    void offsetAndLimitApplyAfterFilterAndSort() {
        Query page = Query.builder().filter("{\"status\": \"active\"}").sort("{\"age\": 1}").offset(1).limit(2).build();
        assertEquals(List.of("Eve", "Bob"), names(page, false));
        assertEquals(List.of(), names(Query.builder().offset(10).build(), false));
        assertEquals(5, db.query("users", Query.builder().limit(100).build()).size(), "no hidden cap");
        assertEquals(0, db.query("users", Query.builder().limit(0).build()).size());
    }

    @Test
    void optionsFromJsonAsTheHttpApiSendsThem() throws Exception {
        JsonNode options = Json.MAPPER.readTree("{\"filter\": {\"status\": \"active\"}, \"sort\": {\"age\": -1},"
                + " \"limit\": 2, \"offset\": 0}");
        assertEquals(List.of("Dan", "Bob"), names(dev.mikrodb.wire.QueryCodec.read(options), false));
        assertThrows(ValidationException.class, () -> dev.mikrodb.wire.QueryCodec.read(Json.MAPPER.readTree("{\"limit\": -1}")));
        assertThrows(ValidationException.class, () -> dev.mikrodb.wire.QueryCodec.read(Json.MAPPER.readTree("{\"limit\": 1.5}")));
        assertThrows(ValidationException.class, () -> dev.mikrodb.wire.QueryCodec.read(Json.MAPPER.readTree("{\"offset\": \"2\"}")));
        assertThrows(ValidationException.class, () -> dev.mikrodb.wire.QueryCodec.read(Json.MAPPER.readTree("{\"limt\": 2}")));
        assertThrows(ValidationException.class, () -> dev.mikrodb.wire.QueryCodec.read(Json.MAPPER.readTree("[]")));
    }

    @Test
    void badFiltersAreErrorsNamingTheFieldAndProblem() {
        assertError("{\"age\": {\"operator\": \"greater\", \"value\": 1}}", "'age'", "unknown operator 'greater'");
        assertError("{\"age\": {\"operator\": \"gt\"}}", "'age'", "needs a value");
        assertError(op("age", "between", "[1]"), "'age'", "two bounds");
        assertError(op("age", "between", "[1, \"z\"]"), "'age'", "both be numbers or both strings");
        assertError(op("role", "in", "\"admin\""), "'role'", "array");
        assertError(op("role", "nin", "3"), "'role'", "array");
        assertError(op("tags", "containsAll", "\"vip\""), "'tags'", "array");
        assertError(op("tags", "containsAny", "{}"), "'tags'", "array");
        assertError(op("tags", "size", "-1"), "'tags'", "non-negative integer");
        assertError(op("tags", "size", "1.5"), "'tags'", "non-negative integer");
        assertError(op("age", "gt", "[1]"), "'age'", "number or string");
        assertError(op("email", "like", "5"), "'email'", "string");
        assertError(op("email", "regex", "true"), "'email'", "string pattern");
        assertError("{\"$or\": []}", "$or", "non-empty array");
        assertError("{\"$or\": {\"a\": 1}}", "$or", "non-empty array");
        assertError("{\"$or\": [1]}", "$or", "filter object");
        assertError("{\"$and\": [{}]}", "$and", "unknown operator");
        assertError("{\"age\": {\"operator\": 5, \"value\": 1}}", "'age'", "operator must be a string");
        assertError("{\"age\": {\"operator\": \"eq\", \"value\": 1, \"extra\": 2}}", "'age'", "unexpected key 'extra'");
        assertError("[1, 2]", "filter", "object");
        assertError("{\"a..b\": 1}", "'a..b'", "not a valid path");
        ValidationException sort = assertThrows(ValidationException.class, () -> Query.builder().sort("{\"age\": 2}"));
        assertTrue(sort.getMessage().contains("'age'"), sort.getMessage());
        assertThrows(ValidationException.class, () -> Query.builder().sort("{}"));
        assertThrows(ValidationException.class, () -> Query.builder().limit(-1));
        assertThrows(ValidationException.class, () -> Query.builder().offset(-5));
    }

    private static void assertError(String filter, String field, String problem) {
        ValidationException e = assertThrows(ValidationException.class, () -> Query.builder().filter(filter));
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void largeTablesAreScannedInParallelWithTheSameResults() {
        List<WriteRequest> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            batch.add(WriteRequest.builder("huge", String.format("k%05d", i))
                    .jsonValue("{\"n\": " + i + ", \"group\": " + (i % 7) + "}").build());
            if (batch.size() == 5_000) {
                db.writeBatch(batch);
                batch.clear();
            }
        }
        Query json = Query.builder().filter("{\"group\": 3}").sort("{\"n\": -1}").build();
        Query inJava = Query.builder().filter(v -> v.get("group").asInt() == 3)
                .sort((a, b) -> Integer.compare(b.get("n").asInt(), a.get("n").asInt())).build();
        long parallelBefore = db.parallelScanCount();
        List<String> parallel = db.query("huge", json).stream().map(Item::key).toList();
        assertEquals(parallelBefore + 1, db.parallelScanCount(), "a JSON query over 30,000 items scans in parallel");
        List<String> sequential = db.query("huge", inJava).stream().map(Item::key).toList();
        assertEquals(parallelBefore + 1, db.parallelScanCount(), "a Java filter keeps to the caller's thread");
        assertEquals(30_000 / 7 + 1, parallel.size());
        assertEquals(sequential, parallel);
        assertEquals("k29998", parallel.get(0)); // 29998 % 7 == 3
        // Ties are broken by key on both paths: only 7 distinct groups, so almost every comparison is a tie, and
        // the parallel sort must order them exactly as the sequential one does.
        List<String> scanOrder = db.query("huge", Query.all()).stream().map(Item::key).toList();
        List<String> byGroupJson = db.query("huge", Query.builder().sort("{\"group\": 1}").build()).stream()
                .map(Item::key).toList();
        List<String> byGroupJava = db.query("huge", Query.builder().sort(java.util.Comparator.comparingInt(
                (com.fasterxml.jackson.databind.JsonNode v) -> v.get("group").asInt())).build()).stream()
                .map(Item::key).toList();
        List<String> expected = new java.util.ArrayList<>(scanOrder);
        expected.sort(java.util.Comparator.comparingInt((String k) -> Integer.parseInt(k.substring(1)) % 7)
                .thenComparing(k -> k));
        assertEquals(expected, byGroupJava, "the sequential sort breaks ties by key");
        assertEquals(expected, byGroupJson, "the parallel sort breaks ties by key");
    }

    @Test
    void aCatastrophicRegexFailsTheQueryInsteadOfHoldingTheThread() {
        // Unguarded, this pattern takes about 15 s on 30 characters and hours on 40.
        db.write("redos", "k", java.util.Map.of("s", "a".repeat(40)));
        db.write("redos", "ok", java.util.Map.of("s", "aab"));
        ValidationException e = assertThrows(ValidationException.class, () -> db.query("redos",
                Query.builder().filter(op("s", "regex", "\"^(a+)+\\\\1b$\"")).build()));
        assertTrue(e.getMessage().contains("'s'") && e.getMessage().contains("takes too long"), e.getMessage());
        assertEquals(1, db.query("redos", Query.builder().filter(op("s", "regex", "\"^a+b$\"")).build()).size(),
                "ordinary patterns are unaffected");
    }

    @Test
    void largeIntegersKeepFullPrecision() {
        db.write(WriteRequest.builder("big", "a").jsonValue("{\"n\": 9007199254740993}").build());
        db.write(WriteRequest.builder("big", "b").jsonValue("{\"n\": 9007199254740992}").build());
        assertEquals(1, db.query("big", Query.builder().filter("{\"n\": 9007199254740993}").build()).size());
        assertEquals(1, db.query("big", Query.builder().filter(op("n", "gt", "9007199254740992")).build()).size());
        assertEquals(1, db.query("big", Query.builder().filter(op("n", "gt", "9007199254740992.5")).build()).size());
    }

    /** -0.0 and 0 are the same number in JSON (and JavaScript, and MongoDB): equal, neither before the other. */
    @Test
    void negativeZeroEqualsZero() {
        db.write(WriteRequest.builder("zero", "a").jsonValue("{\"n\": -0.0}").build());
        db.write(WriteRequest.builder("zero", "b").jsonValue("{\"n\": 0}").build());
        db.write(WriteRequest.builder("zero", "c").jsonValue("{\"n\": 0.0}").build());
        db.write(WriteRequest.builder("zero", "d").jsonValue("{\"n\": -0}").build());
        for (String zero : List.of("0", "-0.0", "0.0", "-0")) {
            assertEquals(4, db.query("zero", Query.builder().filter("{\"n\": " + zero + "}").build()).size(), zero);
            assertEquals(4, db.query("zero", Query.builder().filter(op("n", "in", "[" + zero + "]")).build()).size());
            assertEquals(0, db.query("zero", Query.builder().filter(op("n", "lt", zero)).build()).size(), zero);
            assertEquals(0, db.query("zero", Query.builder().filter(op("n", "gt", zero)).build()).size(), zero);
        }
        List<String> sorted = db.query("zero", Query.builder().sort("{\"n\": 1}").build()).stream().map(i -> i.key())
                .toList();
        assertEquals(List.of("a", "b", "c", "d"), sorted, "equal numbers keep key order");
    }

    @Test
    void expiredItemsNeverAppearInResults(@TempDir Path own) {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        try (MikroDB clocked = MikroDB.open(MikroOptions.builder().databaseDirectory(own).clock(clock).build())) {
            clocked.write(WriteRequest.builder("short", "a").value(1).ttl(java.time.Duration.ofMillis(50)).build());
            clocked.write("short", "b", 1);
            assertEquals(2, clocked.query("short", Query.builder().filter("{}").build()).size());
            clock.advance(50);
            assertEquals(List.of("b"), clocked.query("short", Query.builder().filter("{}").build()).stream()
                    .map(Item::key).toList());
        }
    }
}
