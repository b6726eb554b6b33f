package dev.mikrodb.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.DeleteOptions;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.DuplicateIdException;
import dev.mikrodb.FindOptions;
import dev.mikrodb.MikroDBException;
import dev.mikrodb.MikroStore;
import dev.mikrodb.UpdateOptions;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.wire.DocumentCodec;
import dev.mikrodb.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The document API's conformance cases ({@code documents/conformance.json}: MongoDB's documented examples of every
 * query and update operator, with their results), run through the Java API of any store: embedded, or the client
 * over a real server. Each case starts from a fresh collection holding its documents, runs one operation, and checks
 * the answer and the collection afterwards; a case that expects an error checks that nothing was written.
 */
public final class DocumentConformance {
    private DocumentConformance() {
    }

    public static List<JsonNode> cases() {
        try (InputStream in = DocumentConformance.class.getResourceAsStream("/documents/conformance.json")) {
            List<JsonNode> out = new ArrayList<>();
            WireJson.parse(in.readAllBytes(), "conformance cases").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** One dynamic test per case, each in its own collection of database {@code conformance}. */
    public static Stream<DynamicTest> tests(Supplier<MikroStore> store) {
        List<JsonNode> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            if (!names.add(c.get("name").asText())) { // a report naming a failed case must name one case
                throw new IllegalStateException("two conformance cases are named '" + c.get("name").asText() + "'");
            }
            String collection = "c" + i;
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> run(store.get(), collection, c)));
        }
        return tests.stream();
    }

    static void run(MikroStore store, String collection, JsonNode c) {
        DocumentCollection coll = store.database("conformance").collection(collection);
        List<JsonNode> docs = new ArrayList<>();
        c.get("docs").forEach(docs::add);
        if (!docs.isEmpty()) {
            coll.insertMany(docs);
        }
        JsonNode args = c.get("args");
        String op = c.get("op").asText();
        if (c.has("error")) {
            int status = c.get("error").asInt();
            MikroDBException e = assertThrows(MikroDBException.class, () -> execute(coll, op, args));
            if (status == 400) {
                assertTrue(e instanceof ValidationException, "expected a ValidationException, got " + e);
            } else {
                assertTrue(e instanceof DuplicateIdException || e instanceof VersionConflictException,
                        "expected a 409 conflict, got " + e);
            }
            assertDocuments(c.has("after") ? c.get("after") : c.get("docs"), all(coll));
            return;
        }
        JsonNode result = execute(coll, op, args);
        if (c.has("expect_ids")) {
            List<String> ids = new ArrayList<>();
            result.get("documents").forEach(d -> ids.add(d.get("_id").asText()));
            List<String> expected = new ArrayList<>();
            c.get("expect_ids").forEach(id -> expected.add(id.asText()));
            if (!c.path("ordered").asBoolean()) {
                ids.sort(null);
                expected.sort(null);
            }
            assertEquals(expected, ids, "ids of " + result);
        }
        if (c.has("expect")) {
            JsonNode expected = c.get("expect");
            if (op.equals("find") && !c.path("ordered").asBoolean()) {
                assertDocuments(expected.get("documents"), result.get("documents"));
            } else {
                assertTrue(JsonMatch.matches(expected, result), "expected " + expected + ", got " + result);
            }
        }
        if (c.has("after")) {
            assertDocuments(c.get("after"), all(coll));
        }
    }

    private static JsonNode all(DocumentCollection coll) {
        ArrayNode out = WireJson.array();
        coll.find(null, FindOptions.NONE.sort("{\"_id\": 1}")).forEach(out::add);
        return out;
    }

    /** Same documents, compared by _id order; "*" as an expected _id matches any. */
    private static void assertDocuments(JsonNode expected, JsonNode actual) {
        List<JsonNode> e = sorted(expected);
        List<JsonNode> a = sorted(actual);
        assertEquals(e.size(), a.size(), "documents: expected " + expected + ", got " + actual);
        for (int i = 0; i < e.size(); i++) {
            assertTrue(JsonMatch.matches(e.get(i), a.get(i)), "expected " + expected + ", got " + actual);
        }
    }

    private static List<JsonNode> sorted(JsonNode docs) {
        List<JsonNode> out = new ArrayList<>();
        docs.forEach(out::add);
        out.sort(Comparator.comparing((JsonNode d) -> d.path("_id").asText().equals("*") ? "\uffff"
                : d.path("_id").asText()));
        return out;
    }

    /** Runs one operation with the arguments as the HTTP API would receive them; answers as it would. */
    static JsonNode execute(DocumentCollection coll, String op, JsonNode a) {
        switch (op) {
            case "find": {
                ObjectNode out = WireJson.object();
                ArrayNode docs = out.putArray("documents");
                coll.find(a.get("filter"), DocumentCodec.findOptions(a.get("options"))).forEach(docs::add);
                return out;
            }
            case "find_one": {
                ObjectNode out = WireJson.object();
                out.set("document", coll.findOne(a.get("filter"), DocumentCodec.findOptions(a.get("options")))
                        .orElse(null));
                return out;
            }
            case "count":
                return WireJson.object().put("count", coll.count(a.get("filter")));
            case "distinct": {
                ObjectNode out = WireJson.object();
                ArrayNode values = out.putArray("values");
                coll.distinct(a.get("field").asText(), a.get("filter")).forEach(values::add);
                return out;
            }
            case "update_one":
                return DocumentCodec.toJson(coll.updateOne(a.get("filter"), a.get("update"), updateOptions(a)));
            case "update_many":
                return DocumentCodec.toJson(coll.updateMany(a.get("filter"), a.get("update"), updateOptions(a)));
            case "replace_one":
                return DocumentCodec.toJson(coll.replaceOne(a.get("filter"), a.get("replacement"),
                        updateOptions(a)));
            case "delete_one":
                return DocumentCodec.toJson(coll.deleteOne(a.get("filter"), deleteOptions(a)));
            case "delete_many":
                return DocumentCodec.toJson(coll.deleteMany(a.get("filter"), deleteOptions(a)));
            case "insert_one":
                return WireJson.object().put("inserted_id", coll.insertOne(a.get("document")).insertedId());
            case "insert_many": {
                List<JsonNode> docs = new ArrayList<>();
                a.get("documents").forEach(docs::add);
                var r = coll.insertMany(docs);
                ObjectNode out = WireJson.object().put("inserted_count", r.insertedCount());
                ArrayNode ids = out.putArray("inserted_ids");
                r.insertedIds().forEach(ids::add);
                return out;
            }
            case "bulk_write":
                return DocumentCodec.toJson(coll.bulkWrite(DocumentCodec.bulkOperations(a.get("operations"))));
            default:
                throw new AssertionError("unknown operation " + op);
        }
    }

    private static UpdateOptions updateOptions(JsonNode a) {
        return new UpdateOptions(a.path("options").path("upsert").asBoolean(),
                a.has("expectedVersion") ? a.get("expectedVersion").asLong() : null);
    }

    private static DeleteOptions deleteOptions(JsonNode a) {
        JsonNode limit = a.path("options").get("limit");
        return new DeleteOptions(limit == null ? null : limit.asLong(),
                a.has("expectedVersion") ? a.get("expectedVersion").asLong() : null);
    }

    /** Deep equality for expectations: numbers by value, objects in any field order, "*" matching any string. */
    public static final class JsonMatch {
        private JsonMatch() {
        }

        public static boolean matches(JsonNode expected, JsonNode actual) {
            if (expected.isTextual() && expected.textValue().equals("*")) {
                return actual != null && actual.isTextual();
            }
            if (actual == null) {
                return expected.isNull();
            }
            if (expected.isNumber() && actual.isNumber()) {
                return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
            }
            if (expected.isObject() && actual.isObject()) {
                if (expected.size() != actual.size()) {
                    return false;
                }
                Iterator<Map.Entry<String, JsonNode>> f = expected.fields();
                while (f.hasNext()) {
                    Map.Entry<String, JsonNode> e = f.next();
                    if (!matches(e.getValue(), actual.get(e.getKey()))) {
                        return false;
                    }
                }
                return true;
            }
            if (expected.isArray() && actual.isArray()) {
                if (expected.size() != actual.size()) {
                    return false;
                }
                for (int i = 0; i < expected.size(); i++) {
                    if (!matches(expected.get(i), actual.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            return expected.equals(actual);
        }
    }
}
