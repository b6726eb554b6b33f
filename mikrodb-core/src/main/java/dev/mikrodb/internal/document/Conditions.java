package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.query.SafeRegex;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The leaf conditions of {@link DocumentFilter}, over the values a path reaches ({@link PathValues}): equality,
 * ranges, sets, regular expressions, sizes and remainders, each matching an array field when the array itself or any
 * element satisfies it, as MongoDB's operators do.
 */
final class Conditions {
    private Conditions() {
    }

    static DocumentFilter.Condition negate(DocumentFilter.Condition c) {
        return values -> !c.test(values);
    }

    /** Whether a value, or (for an array, unless the values are {@code asIs}) one of its elements, satisfies p. */
    static boolean anyValueOrElement(PathValues values, Predicate<JsonNode> p) {
        for (JsonNode v : values.values) {
            if (p.test(v)) {
                return true;
            }
            if (v.isArray() && !values.asIs) {
                for (JsonNode e : v) {
                    if (p.test(e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code {field: x}} and {@code $eq}: null also matches a missing field. */
    static DocumentFilter.Condition equality(JsonNode x) {
        if (x.isNull()) {
            return values -> values.missing || anyValueOrElement(values, JsonNode::isNull);
        }
        return values -> anyValueOrElement(values, v -> BsonOrder.equal(v, x));
    }

    interface Comparison {
        boolean accept(int c);
    }

    static DocumentFilter.Condition range(JsonNode bound, Comparison test, boolean inclusive) {
        if (bound.isNull()) {
            return inclusive ? equality(bound) : values -> false;
        }
        return values -> anyValueOrElement(values, v -> BsonOrder.sameBracket(v, bound)
                && test.accept(BsonOrder.compare(v, bound)));
    }

    static DocumentFilter.Condition in(JsonNode options) {
        DocumentFilter.Condition[] any = new DocumentFilter.Condition[options.size()];
        for (int i = 0; i < any.length; i++) {
            any[i] = equality(options.get(i));
        }
        return values -> {
            for (DocumentFilter.Condition c : any) {
                if (c.test(values)) {
                    return true;
                }
            }
            return false;
        };
    }

    static DocumentFilter.Condition regex(JsonNode pattern, JsonNode options, String where) {
        if (!pattern.isTextual()) {
            throw new ValidationException(where + "needs a string pattern; got " + Describe.of(pattern));
        }
        int flags = 0;
        if (options != null) {
            if (!options.isTextual()) {
                throw new ValidationException(where + "$options must be a string of i, m, s, x; got "
                        + Describe.of(options));
            }
            for (char c : options.textValue().toCharArray()) {
                flags |= switch (c) {
                    case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    case 'm' -> Pattern.MULTILINE;
                    case 's' -> Pattern.DOTALL;
                    case 'x' -> Pattern.COMMENTS;
                    default -> throw new ValidationException(where + "unknown $options flag '" + c
                            + "'; supported: i, m, s, x");
                };
            }
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern.textValue(), flags);
        } catch (PatternSyntaxException e) {
            throw new ValidationException(where + "pattern '" + pattern.textValue() + "' is invalid: "
                    + e.getDescription());
        }
        return values -> anyValueOrElement(values, v -> v.isTextual()
                && SafeRegex.find(compiled, v.textValue(), where));
    }

    static DocumentFilter.Condition size(JsonNode n, String where) {
        if (!Args.isWholeInt(n) || n.intValue() < 0) { // 2.0 is an integer to MongoDB as well
            throw new ValidationException(where + "needs a non-negative integer; got " + Describe.of(n));
        }
        int size = n.intValue();
        return values -> {
            for (JsonNode v : values.values) {
                if (v.isArray() && v.size() == size) {
                    return true;
                }
            }
            return false;
        };
    }

    static DocumentFilter.Condition mod(JsonNode arg, String where) {
        if (!arg.isArray() || arg.size() != 2 || !arg.get(0).isNumber() || !arg.get(1).isNumber()) {
            throw new ValidationException(where + "needs [divisor, remainder]; got " + Describe.of(arg));
        }
        long divisor = (long) arg.get(0).doubleValue();
        long remainder = (long) arg.get(1).doubleValue();
        if (divisor == 0) {
            throw new ValidationException(where + "divisor must not be 0");
        }
        return values -> anyValueOrElement(values, v -> v.isNumber() && Double.isFinite(v.doubleValue())
                && (long) v.doubleValue() % divisor == remainder);
    }

    static JsonNode requireArray(JsonNode v, String where) {
        if (!v.isArray()) {
            throw new ValidationException(where + "needs an array; got " + Describe.of(v));
        }
        return v;
    }

}
