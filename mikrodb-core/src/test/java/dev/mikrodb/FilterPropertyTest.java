package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.query.FilterCompiler;
import dev.mikrodb.internal.query.JsonFilter;
import dev.mikrodb.internal.query.Projection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * For random filters over random documents, the compiled filter agrees with a naive reference evaluator that works on
 * plain Java maps, lists, BigDecimals and strings. Prints the seed on failure; rerun with -Dmikrodb.test.seed=N.
 */
class FilterPropertyTest {
    private static final String[] OPS = {"eq", "neq", "gt", "gte", "lt", "lte", "between", "in", "nin", "like",
        "regex", "contains", "containsAll", "containsAny", "size"};
    private static final String[] FIELDS = {"a", "b", "c", "d.e", "d.f", "missing", "c.0", "c.1", "c.01"};
    private Random random;

    @Test
    void compiledFiltersAgreeWithTheNaiveEvaluator() {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        random = new Random(seed);
        List<Object> docs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            docs.add(randomDoc());
        }
        for (int f = 0; f < 1500; f++) {
            Map<String, Object> filter = randomFilter(2);
            String filterJson = Json.toString(Json.MAPPER.valueToTree(filter));
            JsonNode filterNode = Json.parseUserJson(filterJson, "filter");
            JsonFilter compiled = FilterCompiler.compile(filterNode);
            Projection projection = Projection.forQuery(filterNode, false, null, false);
            // A scan's thread tests all its values with one matcher, which keeps its spans between values: every
            // answer must be what the value alone gives, whatever the values before it held.
            java.util.function.Predicate<byte[]> matcher = compiled.storedMatcher();
            for (Object doc : docs) {
                JsonNode tree = Json.MAPPER.valueToTree(doc);
                boolean expected = matches(filter, doc, "");
                if (compiled.matches(tree) != expected) {
                    throw new AssertionError("seed " + seed + ": filter " + filterJson + " on " + tree
                            + " compiled=" + !expected + " reference=" + expected);
                }
                // The engine evaluates filters on the fields they name, read straight from the stored bytes.
                for (byte[] stored : new byte[][] {Json.toBytes(tree), pretty(tree)}) {
                    JsonNode view = projection.apply(stored);
                    if (compiled.matches(view) != expected) {
                        throw new AssertionError("seed " + seed + ": filter " + filterJson + " on the projection "
                                + view + " of " + tree + " gives " + !expected + ", the reference " + expected);
                    }
                    // Scans evaluate JSON filters on the bytes themselves.
                    if (compiled.matchesStored(stored) != expected) {
                        throw new AssertionError("seed " + seed + ": filter " + filterJson + " on the stored bytes "
                                + new String(stored, java.nio.charset.StandardCharsets.UTF_8) + " gives " + !expected
                                + ", the reference " + expected);
                    }
                    if (matcher.test(stored) != expected) {
                        throw new AssertionError("seed " + seed + ": filter " + filterJson + " through a scan's "
                                + "matcher, after other values, on " + new String(stored,
                                java.nio.charset.StandardCharsets.UTF_8) + " gives " + !expected + ", the reference "
                                + expected);
                    }
                }
            }
        }
    }

    private static byte[] pretty(JsonNode tree) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ generators

    private Object randomScalar() {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextInt(5);
            case 1 -> random.nextInt(5) + 0.5;
            case 2 -> List.of("x", "y", "Xy", "z", "q\"u\\o", "\u00e9t\u00e9\n").get(random.nextInt(6));
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> randomBigNumber();
            case 6 -> randomOrderedText();
            default -> (double) random.nextInt(5); // 2.0 must equal 2
        };
    }

    /**
     * Numbers at the edges of the stored-bytes comparisons: 18 and 19 digits, past 2^53, past a long, exponents, and
     * -0.0, which equals 0.
     */
    private Object randomBigNumber() {
        return List.<Object>of(1L << 53, (1L << 53) + 1, -(1L << 53) - 1, 123456789012345678L, -999999999999999999L,
                1234567890123456789L, Long.MAX_VALUE, Long.MIN_VALUE, new java.math.BigInteger("98765432109876543210"),
                1e20, 2.5e-3, 9007199254740993.0, -0.0).get(random.nextInt(13));
    }

    /**
     * Texts whose UTF-8 byte order differs from Java's UTF-16 order, prefixes of each other, and escapes, among them
     * a tab (stored as backslash-t) and a backslash followed by t: the same bytes stored as two different texts.
     */
    private Object randomOrderedText() {
        return List.of("x", "xy", "x\u00e9", "\ud83d\ude00", "\uffe0", "a\\b", "a\tb", "a\\tb", "").get(
                random.nextInt(9));
    }

    private Object randomDoc() {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (random.nextInt(5) > 0) {
            doc.put("a", randomScalar());
        }
        if (random.nextInt(5) > 0) {
            doc.put("b", List.of("apple", "Banana", "cherry", "").get(random.nextInt(4)));
        }
        if (random.nextInt(5) > 0) {
            List<Object> c = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                c.add(random.nextBoolean() ? random.nextInt(4) : List.of("x", "y").get(random.nextInt(2)));
            }
            doc.put("c", c);
        }
        if (random.nextInt(4) > 0) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                d.put("e", randomScalar());
            }
            if (random.nextBoolean()) {
                d.put("f", List.of("x", "y").get(random.nextInt(2)));
            }
            doc.put("d", random.nextInt(6) == 0 ? "not an object" : d);
        }
        return doc;
    }

    private Object randomOperand(String op) {
        return switch (op) {
            case "gt", "gte", "lt", "lte" -> switch (random.nextInt(4)) {
                case 0 -> random.nextInt(5);
                case 1 -> List.of("x", "b", "Y").get(random.nextInt(3));
                case 2 -> randomBigNumber();
                default -> randomOrderedText();
            };
            case "between" -> random.nextBoolean() ? List.of(random.nextInt(3), 2 + random.nextInt(3))
                    : List.of("a", List.of("c", "y", "z").get(random.nextInt(3)));
            case "in", "nin", "containsAll", "containsAny" -> {
                List<Object> values = new ArrayList<>();
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    values.add(switch (random.nextInt(3)) {
                        case 0 -> random.nextInt(4);
                        case 1 -> List.of("x", "y", "apple").get(random.nextInt(3));
                        default -> randomScalar();
                    });
                }
                yield values;
            }
            case "like" -> List.of("AN", "x", "", "err").get(random.nextInt(4));
            case "regex" -> List.of("^a", "y$", "[", "an+", "^$").get(random.nextInt(5));
            case "size" -> random.nextInt(4);
            default -> randomScalar();
        };
    }

    private Map<String, Object> randomFilter(int depth) {
        Map<String, Object> filter = new LinkedHashMap<>();
        int conditions = 1 + random.nextInt(2);
        for (int i = 0; i < conditions; i++) {
            int kind = random.nextInt(10);
            if (kind == 0 && depth > 0) {
                List<Object> alternatives = new ArrayList<>();
                for (int j = 0; j < 1 + random.nextInt(2); j++) {
                    alternatives.add(randomFilter(depth - 1));
                }
                filter.put("$or", alternatives);
            } else if (kind == 1) {
                Map<String, Object> nested = new LinkedHashMap<>();
                String op = OPS[random.nextInt(OPS.length)];
                Map<String, Object> condition = new LinkedHashMap<>();
                condition.put("operator", op);
                condition.put("value", randomOperand(op));
                nested.put(random.nextBoolean() ? "e" : "f", random.nextBoolean() ? randomScalar() : condition);
                filter.put("d", nested);
            } else if (kind < 4) {
                filter.put(FIELDS[random.nextInt(FIELDS.length)], randomScalar());
            } else {
                String op = OPS[random.nextInt(OPS.length)];
                Map<String, Object> condition = new LinkedHashMap<>();
                condition.put("operator", op);
                condition.put("value", randomOperand(op));
                filter.put(FIELDS[random.nextInt(FIELDS.length)], condition);
            }
        }
        return filter;
    }

    // ------------------------------------------------------------------ the reference evaluator

    private static final Object MISSING = new Object();

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> filter, Object doc, String prefix) {
        for (Map.Entry<String, Object> e : filter.entrySet()) {
            if (e.getKey().equals("$or")) {
                boolean any = false;
                for (Object alt : (List<Object>) e.getValue()) {
                    any |= matches((Map<String, Object>) alt, doc, prefix);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            String path = prefix + e.getKey();
            Object cond = e.getValue();
            Object actual = resolve(doc, path);
            boolean ok;
            if (cond instanceof Map<?, ?> m && m.containsKey("operator")) {
                ok = apply((String) m.get("operator"), actual, m.get("value"));
            } else if (cond instanceof Map<?, ?> m) {
                ok = actual instanceof Map && matches((Map<String, Object>) m, doc, path + ".");
            } else {
                ok = actual != MISSING && same(actual, cond);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Object resolve(Object doc, String path) {
        Object node = doc;
        for (String part : path.split("\\.")) {
            if (node instanceof Map<?, ?> m) {
                node = m.containsKey(part) ? m.get(part) : MISSING;
            } else if (node instanceof List<?> l && part.matches("\\d+")) {
                int i = Integer.parseInt(part);
                node = i < l.size() ? l.get(i) : MISSING;
            } else {
                return MISSING;
            }
        }
        return node;
    }

    private static boolean isNumber(Object o) {
        return o instanceof Number;
    }

    private static BigDecimal number(Object o) {
        return new BigDecimal(o.toString());
    }

    private static boolean same(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return number(a).compareTo(number(b)) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    /** Same kind (both numbers or both strings) compared, else null. */
    private static Integer order(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return number(a).compareTo(number(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        return null;
    }

    private static boolean anySame(List<?> list, Object v) {
        for (Object o : list) {
            if (same(o, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean apply(String op, Object actual, Object v) {
        boolean present = actual != MISSING;
        switch (op) {
            case "eq":
                return present && same(actual, v);
            case "neq":
                return !present || !same(actual, v);
            case "gt":
            case "gte":
            case "lt":
            case "lte": {
                Integer c = present ? order(actual, v) : null;
                if (c == null) {
                    return false;
                }
                return switch (op) {
                    case "gt" -> c > 0;
                    case "gte" -> c >= 0;
                    case "lt" -> c < 0;
                    default -> c <= 0;
                };
            }
            case "between": {
                List<?> bounds = (List<?>) v;
                Integer lo = present ? order(actual, bounds.get(0)) : null;
                Integer hi = present ? order(actual, bounds.get(1)) : null;
                return lo != null && hi != null && lo >= 0 && hi <= 0;
            }
            case "in":
                return present && anySame((List<?>) v, actual);
            case "nin":
                return !present || !anySame((List<?>) v, actual);
            case "like":
                return actual instanceof String s && s.toLowerCase(Locale.ROOT).contains(
                        ((String) v).toLowerCase(Locale.ROOT));
            case "regex":
                try {
                    return actual instanceof String s && Pattern.compile((String) v).matcher(s).find();
                } catch (PatternSyntaxException e) {
                    return false;
                }
            case "contains":
                if (actual instanceof List<?> l) {
                    return anySame(l, v);
                }
                return actual instanceof String s && v instanceof String t && s.contains(t);
            case "containsAll":
                if (!(actual instanceof List<?> l)) {
                    return false;
                }
                for (Object w : (List<?>) v) {
                    if (!anySame(l, w)) {
                        return false;
                    }
                }
                return true;
            case "containsAny":
                if (!(actual instanceof List<?> l)) {
                    return false;
                }
                for (Object w : (List<?>) v) {
                    if (anySame(l, w)) {
                        return true;
                    }
                }
                return false;
            case "size":
                return actual instanceof List<?> l && l.size() == ((Number) v).intValue();
            default:
                throw new IllegalArgumentException(op);
        }
    }
}
