package dev.mikrodb.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.MikroDB;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.json.Json;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random documents, random MongoDB filters and random updates, checked against a reference evaluator written here
 * over plain Java maps, lists, BigDecimals and strings, independent of the engine's code. Prints the seed on
 * failure; rerun with -Dmikrodb.test.seed=N.
 */
class DocumentPropertyTest {
    private static final String[] PATHS = {"a", "b", "c.d", "c.e.f", "a.0", "missing", "c"};
    private static final String[] UPDATE_PATHS = {"a", "b", "n", "c.d", "list", "c.e"};
    @TempDir
    Path dir;
    private Random random;

    @Test
    void filtersAndUpdatesAgreeWithTheReference() {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        random = new Random(seed);
        try (MikroDB db = MikroDB.open(dir)) {
            DocumentCollection coll = db.database("prop").collection("docs");
            List<Map<String, Object>> docs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Map<String, Object> d = randomDoc(String.format("%03d", i));
                docs.add(d);
                coll.insertOne(Json.MAPPER.valueToTree(d));
            }
            for (int f = 0; f < 600; f++) {
                Map<String, Object> filter = randomFilter(2);
                JsonNode filterJson = Json.MAPPER.valueToTree(filter);
                TreeSet<String> expected = new TreeSet<>();
                for (Map<String, Object> d : docs) {
                    if (Reference.matches(filter, d)) {
                        expected.add((String) d.get("_id"));
                    }
                }
                TreeSet<String> actual = new TreeSet<>();
                coll.find(filterJson).forEach(d -> actual.add(d.get("_id").asText()));
                assertEquals(expected, actual, "seed " + seed + ": filter " + filterJson);
            }
            for (int u = 0; u < 300; u++) {
                Map<String, Object> d = docs.get(random.nextInt(docs.size()));
                Map<String, Object> update = randomUpdate();
                JsonNode updateJson = Json.MAPPER.valueToTree(update);
                Map<String, Object> expected;
                try {
                    expected = Reference.update(d, update);
                } catch (IllegalArgumentException refused) {
                    expected = null;
                }
                String filter = "{\"_id\": \"" + d.get("_id") + "\"}";
                try {
                    coll.updateOne(filter, updateJson);
                    if (expected == null) {
                        throw new AssertionError("seed " + seed + ": update " + updateJson + " of " + d
                                + " should have been refused");
                    }
                } catch (ValidationException e) {
                    if (expected != null) {
                        throw new AssertionError("seed " + seed + ": update " + updateJson + " of " + d
                                + " was refused: " + e.getMessage());
                    }
                    expected = d; // nothing was written
                }
                JsonNode stored = coll.findOne(filter).orElseThrow();
                JsonNode want = Json.MAPPER.valueToTree(expected);
                assertEquals(true, dev.mikrodb.testing.DocumentConformance.JsonMatch.matches(want, stored),
                        "seed " + seed + ": update " + updateJson + " of " + Json.MAPPER.valueToTree(d) + " gave "
                                + stored + ", the reference " + want);
                docs.set(docs.indexOf(d), expected);
            }
        }
    }

    private Object scalar() {
        return switch (random.nextInt(7)) {
            case 0 -> random.nextInt(4);
            case 1 -> random.nextInt(4) + 0.5;
            case 2 -> List.of("x", "y", "1", "").get(random.nextInt(4));
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> (double) random.nextInt(4);
            default -> List.of(random.nextInt(3), "x");
        };
    }

    private Map<String, Object> randomDoc(String id) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("_id", id);
        if (random.nextInt(5) > 0) {
            d.put("a", random.nextBoolean() ? scalar() : new ArrayList<>(java.util.Arrays.asList(random.nextInt(4), scalar())));
        }
        if (random.nextInt(5) > 0) {
            d.put("b", List.of("apple", "Banana", "x", "").get(random.nextInt(4)));
        }
        if (random.nextInt(4) > 0) {
            Map<String, Object> c = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                c.put("d", scalar());
            }
            if (random.nextBoolean()) {
                List<Object> e = new ArrayList<>();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    Map<String, Object> el = new LinkedHashMap<>();
                    el.put("f", random.nextInt(3));
                    e.add(el);
                }
                c.put("e", e);
            }
            d.put("c", random.nextInt(8) == 0 ? 5 : c);
        }
        d.put("n", random.nextInt(10));
        d.put("list", new ArrayList<>(List.of(random.nextInt(3), random.nextInt(3))));
        return d;
    }

    private Map<String, Object> randomFilter(int depth) {
        Map<String, Object> f = new LinkedHashMap<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            if (depth > 0 && random.nextInt(6) == 0) {
                List<Object> alts = new ArrayList<>();
                for (int k = 0, m = 1 + random.nextInt(2); k < m; k++) {
                    alts.add(randomFilter(depth - 1));
                }
                f.put(List.of("$or", "$and", "$nor").get(random.nextInt(3)), alts);
                continue;
            }
            String path = PATHS[random.nextInt(PATHS.length)];
            if (random.nextInt(3) == 0) {
                f.put(path, scalar());
            } else {
                f.put(path, randomOperators());
            }
        }
        return f;
    }

    private Map<String, Object> randomOperators() {
        Map<String, Object> ops = new LinkedHashMap<>();
        String op = List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$size", "$all",
                "$not").get(random.nextInt(12));
        switch (op) {
            case "$in", "$nin", "$all" -> ops.put(op, new ArrayList<>(java.util.Arrays.asList(scalar(), scalar())));
            case "$exists" -> ops.put(op, random.nextBoolean());
            case "$size" -> ops.put(op, random.nextInt(3));
            case "$not" -> ops.put(op, Map.of(List.of("$gt", "$eq", "$in").get(random.nextInt(3)),
                    random.nextBoolean() ? random.nextInt(4) : List.of(1, "x")));
            default -> ops.put(op, scalar());
        }
        if (op.equals("$not") && ((Map<?, ?>) ops.get(op)).containsKey("$in")
                && !(((Map<?, ?>) ops.get(op)).get("$in") instanceof List)) {
            ops.put(op, Map.of("$in", List.of(1, 2)));
        }
        if (((op.equals("$gt") || op.equals("$lt")) && random.nextBoolean())) {
            ops.put(op.equals("$gt") ? "$lt" : "$gt", random.nextInt(4)); // a range on one field
        }
        return ops;
    }

    private Map<String, Object> randomUpdate() {
        String op = List.of("$set", "$unset", "$inc", "$push", "$addToSet", "$pop", "$min", "$max")
                .get(random.nextInt(8));
        String path = UPDATE_PATHS[random.nextInt(UPDATE_PATHS.length)];
        Object arg = switch (op) {
            case "$inc" -> random.nextBoolean() ? random.nextInt(5) - 2 : 1.5;
            case "$pop" -> random.nextBoolean() ? 1 : -1;
            case "$unset" -> "";
            default -> scalar();
        };
        Map<String, Object> target = new LinkedHashMap<>();
        target.put(path, arg);
        Map<String, Object> update = new LinkedHashMap<>();
        update.put(op, target);
        return update;
    }

    /** The semantics, written from MongoDB's documentation over plain Java values. */
    static final class Reference {
        private Reference() {
        }

        static boolean matches(Map<String, Object> filter, Object doc) {
            for (Map.Entry<String, Object> e : filter.entrySet()) {
                switch (e.getKey()) {
                    case "$and" -> {
                        for (Object q : (List<?>) e.getValue()) {
                            if (!matches(cast(q), doc)) {
                                return false;
                            }
                        }
                    }
                    case "$or" -> {
                        boolean any = false;
                        for (Object q : (List<?>) e.getValue()) {
                            any |= matches(cast(q), doc);
                        }
                        if (!any) {
                            return false;
                        }
                    }
                    case "$nor" -> {
                        for (Object q : (List<?>) e.getValue()) {
                            if (matches(cast(q), doc)) {
                                return false;
                            }
                        }
                    }
                    default -> {
                        Values v = Values.of(doc, e.getKey().split("\\."));
                        Object cond = e.getValue();
                        boolean ok = cond instanceof Map<?, ?> m && !m.isEmpty()
                                && m.keySet().iterator().next().toString().startsWith("$")
                                ? operators(cast(cond), v) : eq(v, cond);
                        if (!ok) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> cast(Object o) {
            return (Map<String, Object>) o;
        }

        static boolean operators(Map<String, Object> ops, Values v) {
            for (Map.Entry<String, Object> e : ops.entrySet()) {
                Object x = e.getValue();
                boolean ok = switch (e.getKey()) {
                    case "$eq" -> eq(v, x);
                    case "$ne" -> !eq(v, x);
                    case "$gt" -> cmp(v, x, c -> c > 0, false);
                    case "$gte" -> cmp(v, x, c -> c >= 0, true);
                    case "$lt" -> cmp(v, x, c -> c < 0, false);
                    case "$lte" -> cmp(v, x, c -> c <= 0, true);
                    case "$in" -> in(v, (List<?>) x);
                    case "$nin" -> !in(v, (List<?>) x);
                    case "$exists" -> !v.values.isEmpty() == (Boolean) x;
                    case "$size" -> v.values.stream().anyMatch(o -> o instanceof List<?> l && l.size() == (Integer) x);
                    case "$all" -> !((List<?>) x).isEmpty() && ((List<?>) x).stream().allMatch(w -> eq(v, w));
                    case "$not" -> !operators(cast(x), v);
                    default -> throw new AssertionError(e.getKey());
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        static boolean in(Values v, List<?> options) {
            for (Object o : options) {
                if (eq(v, o)) {
                    return true;
                }
            }
            return false;
        }

        static boolean eq(Values v, Object x) {
            if (x == null) {
                // MongoDB 8.0: an array without an object lacking the field does not make {"a.b": null} true
                return v.missing || anyOrElement(v, o -> o == null);
            }
            return anyOrElement(v, o -> same(o, x));
        }

        interface Test {
            boolean test(Object o);
        }

        static boolean anyOrElement(Values v, Test t) {
            for (Object o : v.values) {
                if (t.test(o)) {
                    return true;
                }
                if (o instanceof List<?> l) {
                    for (Object e : l) {
                        if (t.test(e)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        interface Cmp {
            boolean ok(int c);
        }

        static boolean cmp(Values v, Object x, Cmp c, boolean inclusive) {
            if (x == null) {
                return inclusive && eq(v, null);
            }
            return anyOrElement(v, o -> rank(o) == rank(x) && rank(o) != 9 && c.ok(order(o, x)));
        }

        /** 1 null, 2 number, 3 string, 5 list, 8 boolean, 9 map (not compared by the random filters). */
        static int rank(Object o) {
            if (o == null) {
                return 1;
            }
            if (o instanceof Number) {
                return 2;
            }
            if (o instanceof String) {
                return 3;
            }
            if (o instanceof List) {
                return 5;
            }
            if (o instanceof Boolean) {
                return 8;
            }
            return 9;
        }

        static int order(Object a, Object b) {
            if (a == null || b == null || rank(a) != rank(b)) {
                return Integer.compare(rank(a), rank(b));
            }
            if (a instanceof Number x) {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(b.toString()));
            }
            if (a instanceof String s) {
                return s.compareTo((String) b);
            }
            if (a instanceof Boolean x) {
                return Boolean.compare(x, (Boolean) b);
            }
            if (a instanceof List<?> l) {
                List<?> m = (List<?>) b;
                for (int i = 0; i < Math.min(l.size(), m.size()); i++) {
                    int c = order(l.get(i), m.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(l.size(), m.size());
            }
            return a.equals(b) ? 0 : 1;
        }

        static boolean same(Object a, Object b) {
            if (a == null || b == null) {
                return a == b;
            }
            if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
                return new ArrayList<>(x.keySet()).equals(new ArrayList<>(y.keySet()))
                        && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
            }
            return rank(a) == rank(b) && order(a, b) == 0;
        }

        /** The values a path reaches, walking into arrays of objects; whether some branch found nothing. */
        static final class Values {
            final List<Object> values = new ArrayList<>();
            boolean missing;

            static Values of(Object doc, String[] path) {
                Values v = new Values();
                v.walk(doc, path, 0);
                return v;
            }

            void walk(Object node, String[] path, int i) {
                if (i == path.length) {
                    values.add(node);
                    return;
                }
                if (node instanceof Map<?, ?> m) {
                    if (m.containsKey(path[i])) {
                        walk(m.get(path[i]), path, i + 1);
                    } else {
                        missing = true;
                    }
                } else if (node instanceof List<?> l) {
                    if (path[i].matches("\\d+")) {
                        int idx = Integer.parseInt(path[i]);
                        if (idx < l.size()) {
                            walk(l.get(idx), path, i + 1);
                        } else {
                            missing = true;
                        }
                    }
                    for (Object e : l) {
                        if (e instanceof Map) {
                            walk(e, path, i);
                        }
                    }
                } else {
                    missing = true;
                }
            }
        }

        /** A copy of {@code doc} with one single-operator update applied; IllegalArgumentException if refused. */
        static Map<String, Object> update(Map<String, Object> doc, Map<String, Object> update) {
            Map<String, Object> copy = deepCopy(doc);
            Map.Entry<String, Object> op = update.entrySet().iterator().next();
            Map.Entry<String, Object> target = cast(op.getValue()).entrySet().iterator().next();
            String[] path = target.getKey().split("\\.");
            Object arg = target.getValue();
            Map<String, Object> parent = parent(copy, path, !op.getKey().equals("$unset")
                    && !op.getKey().equals("$pop"));
            if (parent == null) {
                if (op.getKey().equals("$pop") && blocked(copy, path)) {
                    // MongoDB: only $unset may name a path that cannot exist (through a scalar, or a field of an array)
                    throw new IllegalArgumentException("$pop through a scalar or an array");
                }
                return copy; // $unset or $pop of a missing path
            }
            String last = path[path.length - 1];
            Object current = parent.get(last);
            boolean present = parent.containsKey(last);
            switch (op.getKey()) {
                case "$set" -> parent.put(last, arg);
                case "$unset" -> parent.remove(last);
                case "$inc" -> {
                    if (present && !(current instanceof Number)) {
                        throw new IllegalArgumentException("$inc on a non-number");
                    }
                    BigDecimal sum = new BigDecimal(String.valueOf(arg)).add(present
                            ? new BigDecimal(current.toString()) : BigDecimal.ZERO);
                    parent.put(last, sum);
                }
                case "$push", "$addToSet" -> {
                    if (present && !(current instanceof List)) {
                        throw new IllegalArgumentException(op.getKey() + " on a non-array");
                    }
                    List<Object> list = present ? new ArrayList<>((List<?>) current) : new ArrayList<>();
                    if (op.getKey().equals("$push") || list.stream().noneMatch(e -> same(e, arg))) {
                        list.add(arg);
                    }
                    parent.put(last, list);
                }
                case "$pop" -> {
                    if (present) {
                        if (!(current instanceof List)) {
                            throw new IllegalArgumentException("$pop on a non-array");
                        }
                        List<Object> list = new ArrayList<>((List<?>) current);
                        if (!list.isEmpty()) {
                            list.remove(((Integer) arg) > 0 ? list.size() - 1 : 0);
                        }
                        parent.put(last, list);
                    }
                }
                case "$min", "$max" -> {
                    int c = present ? totalOrder(arg, current) : 0;
                    if (!present || (op.getKey().equals("$min") ? c < 0 : c > 0)) {
                        parent.put(last, arg);
                    }
                }
                default -> throw new AssertionError(op.getKey());
            }
            return copy;
        }

        /** Whether a step before the last one holds a scalar or an array (these paths name no array index). */
        static boolean blocked(Map<String, Object> doc, String[] path) {
            Object node = doc;
            for (int i = 0; i < path.length - 1; i++) {
                if (!(node instanceof Map<?, ?> m) || !m.containsKey(path[i])) {
                    return false; // missing from here on: a path that could be made
                }
                node = m.get(path[i]);
                if (!(node instanceof Map)) {
                    return true;
                }
            }
            return false;
        }

        /** MongoDB's order across types: null, numbers, strings, objects, arrays, booleans. */
        static int totalOrder(Object a, Object b) {
            int ra = rank(a) == 9 ? 4 : rank(a);
            int rb = rank(b) == 9 ? 4 : rank(b);
            if (ra != rb) {
                return Integer.compare(ra, rb);
            }
            return ra == 4 ? 0 : order(a, b);
        }

        /** The map holding the path's last segment; creates missing maps when asked, refuses scalars in the way. */
        static Map<String, Object> parent(Map<String, Object> doc, String[] path, boolean create) {
            Map<String, Object> node = doc;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = node.get(path[i]);
                if (next == null && !node.containsKey(path[i])) {
                    if (!create) {
                        return null;
                    }
                    next = new LinkedHashMap<String, Object>();
                    node.put(path[i], next);
                }
                if (!(next instanceof Map)) {
                    if (!create) {
                        return null;
                    }
                    throw new IllegalArgumentException("a scalar or array in the way of " + String.join(".", path));
                }
                node = cast(next);
            }
            return node;
        }

        @SuppressWarnings("unchecked")
        static <T> T deepCopy(T o) {
            if (o instanceof Map<?, ?> m) {
                Map<String, Object> c = new LinkedHashMap<>();
                m.forEach((k, v) -> c.put((String) k, deepCopy(v)));
                return (T) c;
            }
            if (o instanceof List<?> l) {
                List<Object> c = new ArrayList<>();
                l.forEach(v -> c.add(deepCopy(v)));
                return (T) c;
            }
            return o;
        }
    }
}
