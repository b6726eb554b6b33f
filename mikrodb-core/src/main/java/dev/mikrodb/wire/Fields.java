package dev.mikrodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.engine.Names;
import java.util.Set;

/** Checks of the fields of a request object, each failure a {@link ValidationException} naming the field. */
public final class Fields {
    private Fields() {
    }

    /** Checks a table name as the database would, so a server can refuse it before starting a stream. */
    public static void checkTableName(String name) {
        Names.checkTableName(name);
    }

    /** Checks a database name as the database would. */
    public static void checkDatabaseName(String name) {
        Names.checkDatabaseName(name);
    }

    public static JsonNode requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new ValidationException(what + " must be a JSON object");
        }
        return node;
    }

    public static void checkAllowed(JsonNode node, Set<String> allowed, String what) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new ValidationException(what + " has unknown field '" + name + "'; expected "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        });
    }

    public static String requiredString(JsonNode node, String field, String where) {
        String v = optionalString(node, field, where);
        if (v == null) {
            throw new ValidationException(where + field + " is missing");
        }
        return v;
    }

    public static String optionalString(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ValidationException(where + field + " must be a string; got " + v);
        }
        return v.textValue();
    }

    public static Long optionalNonNegativeLong(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new ValidationException(where + field + " must be a non-negative integer; got " + v);
        }
        return v.longValue();
    }

    public static Boolean optionalBoolean(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new ValidationException(where + field + " must be true or false; got " + v);
        }
        return v.booleanValue();
    }
}
