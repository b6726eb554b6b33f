package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mikrodb.Filter;
import dev.mikrodb.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** One update operator on one path, with MongoDB's semantics; see {@link DocumentUpdate}. */
final class UpdateOp {
    private final String name;
    private final DocPath path;
    private final JsonNode arg;
    private final DocPath renameTo;
    private final Predicate<JsonNode> pull;

    private UpdateOp(String name, DocPath path, JsonNode arg, DocPath renameTo, Predicate<JsonNode> pull) {
        this.name = name;
        this.path = path;
        this.arg = arg;
        this.renameTo = renameTo;
        this.pull = pull;
    }

    String name() {
        return name;
    }

    List<DocPath> touches() {
        return renameTo == null ? List.of(path) : List.of(path, renameTo);
    }

    static UpdateOp compile(String name, DocPath path, JsonNode arg) {
        String where = name + " on '" + path.text() + "': ";
        switch (name) {
            case "$set", "$setOnInsert", "$unset", "$min", "$max" -> {
                return new UpdateOp(name, path, arg, null, null);
            }
            case "$inc", "$mul" -> {
                if (!arg.isNumber()) {
                    throw new ValidationException(where + "needs a number; got " + Describe.of(arg));
                }
                return new UpdateOp(name, path, arg, null, null);
            }
            case "$rename" -> {
                if (!arg.isTextual()) {
                    throw new ValidationException(where + "needs the new field name as a string; got "
                            + Describe.of(arg));
                }
                DocPath to = new DocPath(arg.textValue());
                if (to.overlaps(path)) {
                    throw new ValidationException(where + "source and target '" + to.text() + "' overlap");
                }
                return new UpdateOp(name, path, arg, to, null);
            }
            case "$currentDate" -> {
                boolean ok = (arg.isBoolean() && arg.booleanValue()) || (arg.isObject() && arg.size() == 1
                        && arg.path("$type").isTextual() && List.of("date", "timestamp")
                        .contains(arg.path("$type").textValue()));
                if (!ok) {
                    throw new ValidationException(where + "needs true or {\"$type\": \"date\" | \"timestamp\"}; got "
                            + Describe.of(arg));
                }
                return new UpdateOp(name, path, arg, null, null);
            }
            case "$push", "$addToSet" -> {
                checkEach(name, arg, where);
                return new UpdateOp(name, path, arg, null, null);
            }
            case "$pop" -> {
                if (!arg.isNumber() || (arg.doubleValue() != 1 && arg.doubleValue() != -1)) {
                    throw new ValidationException(where + "needs 1 (last) or -1 (first); got " + Describe.of(arg));
                }
                return new UpdateOp(name, path, arg, null, null);
            }
            case "$pull" -> {
                return new UpdateOp(name, path, arg, null, pullCondition(arg, where));
            }
            case "$pullAll" -> {
                if (!arg.isArray()) {
                    throw new ValidationException(where + "needs an array of values; got " + Describe.of(arg));
                }
                return new UpdateOp(name, path, arg, null, e -> {
                    for (JsonNode v : arg) {
                        if (BsonOrder.equal(e, v)) {
                            return true;
                        }
                    }
                    return false;
                });
            }
            default -> throw new ValidationException("unknown update operator '" + name + "'; supported: $set "
                    + "$unset $inc $mul $min $max $rename $currentDate $setOnInsert $push $addToSet $pop $pull "
                    + "$pullAll");
        }
    }

    /**
     * Whether {@code arg} holds modifiers rather than a value, as MongoDB decides: for $push an object whose first
     * field starts with $, for $addToSet one whose first field is $each ({@code {"$bad": 1}} is a value to add).
     */
    private static boolean hasModifiers(String name, JsonNode arg) {
        if (!arg.isObject() || arg.isEmpty()) {
            return false;
        }
        String first = arg.fieldNames().next();
        return name.equals("$addToSet") ? first.equals("$each") : first.startsWith("$");
    }

    private static void checkEach(String name, JsonNode arg, String where) {
        if (!hasModifiers(name, arg)) {
            return;
        }
        if (!arg.has("$each") || !arg.get("$each").isArray()) {
            throw new ValidationException(where + "modifiers need $each with an array");
        }
        arg.fieldNames().forEachRemaining(m -> {
            boolean known = m.equals("$each") || (name.equals("$push") && List.of("$position", "$slice", "$sort")
                    .contains(m));
            if (!known) {
                throw new ValidationException(where + "unknown modifier '" + m + "'" + (name.equals("$push")
                        ? "; supported: $each $position $slice $sort" : "; $addToSet supports only $each"));
            }
        });
        for (String m : List.of("$position", "$slice")) {
            if (arg.has(m) && !Args.isWholeInt(arg.get(m))) {
                throw new ValidationException(where + m + " needs an integer; got " + Describe.of(arg.get(m)));
            }
        }
        if (arg.has("$sort")) {
            sortComparator(arg.get("$sort"), where);
        }
    }

    /** $pull's condition: operators or a query applied to each element, or plain equality. */
    private static Predicate<JsonNode> pullCondition(JsonNode arg, String where) {
        // {$gt: 6} is a condition on each element's value; {$or: [...]}, as in MongoDB, a query on document elements
        boolean valueCondition = arg.isObject() && !arg.isEmpty()
                && !DocumentFilter.LOGICAL.contains(arg.fieldNames().next())
                && DocumentFilter.isOperatorObject(arg, where);
        if (valueCondition) {
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            wrapper.set("v", arg);
            Filter f = DocumentFilter.compile(wrapper).filter();
            return e -> {
                ObjectNode holder = JsonNodeFactory.instance.objectNode();
                holder.set("v", e);
                return f.matches(holder);
            };
        }
        if (arg.isObject()) {
            Filter f = DocumentFilter.compile(arg).filter();
            return e -> e.isObject() && f.matches(e);
        }
        return e -> BsonOrder.equal(e, arg);
    }

    void apply(ObjectNode doc, boolean inserting, long now) {
        String where = name + " on '" + path.text() + "': ";
        JsonNode current = path.get(doc);
        switch (name) {
            case "$set" -> path.set(doc, arg.deepCopy());
            case "$setOnInsert" -> {
                if (inserting) {
                    path.set(doc, arg.deepCopy());
                }
            }
            case "$unset" -> path.unset(doc);
            case "$inc", "$mul" -> {
                if (current != null && !current.isNumber()) {
                    throw new ValidationException(where + "the field holds " + Describe.of(current)
                            + ", not a number");
                }
                path.set(doc, arithmetic(name.equals("$inc"), current, arg));
            }
            case "$min", "$max" -> {
                int c = current == null ? 0 : BsonOrder.compare(arg, current);
                if (current == null || (name.equals("$min") ? c < 0 : c > 0)) {
                    path.set(doc, arg.deepCopy());
                }
            }
            case "$rename" -> {
                DocPath throughArray = path.crossesArray(doc) ? path : renameTo.crossesArray(doc) ? renameTo : null;
                if (throughArray != null) { // MongoDB refuses this too: an element has no name to move
                    throw new ValidationException(where + "'" + throughArray.text() + "' passes through an array; "
                            + "$rename does not reach into arrays");
                }
                if (current != null) {
                    path.unset(doc);
                    renameTo.set(doc, current);
                }
            }
            case "$currentDate" -> path.set(doc, arg.isObject() && arg.get("$type").textValue().equals("timestamp")
                    ? LongNode.valueOf(now) : TextNode.valueOf(Instant.ofEpochMilli(now).toString()));
            case "$push", "$addToSet" -> path.set(doc, addElements(current, where));
            case "$pop" -> {
                if (current == null) {
                    path.requireViable(doc, where);
                } else {
                    ArrayNode a = requireArray(current, where).deepCopy();
                    if (!a.isEmpty()) {
                        a.remove(arg.doubleValue() > 0 ? a.size() - 1 : 0);
                    }
                    path.set(doc, a);
                }
            }
            default -> { // $pull, $pullAll
                if (current == null) {
                    path.requireViable(doc, where);
                } else {
                    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                    for (JsonNode e : requireArray(current, where)) {
                        if (!pull.test(e)) {
                            kept.add(e);
                        }
                    }
                    path.set(doc, kept);
                }
            }
        }
    }

    private static ArrayNode requireArray(JsonNode current, String where) {
        if (!current.isArray()) {
            throw new ValidationException(where + "the field holds " + Describe.of(current) + ", not an array");
        }
        return (ArrayNode) current;
    }

    private ArrayNode addElements(JsonNode current, String where) {
        ArrayNode array = current == null ? JsonNodeFactory.instance.arrayNode()
                : requireArray(current, where).deepCopy();
        boolean modifiers = hasModifiers(name, arg);
        List<JsonNode> items = new ArrayList<>();
        if (modifiers) {
            arg.get("$each").forEach(e -> items.add(e.deepCopy()));
        } else {
            items.add(arg.deepCopy());
        }
        if (name.equals("$addToSet")) {
            for (JsonNode item : items) {
                boolean present = false;
                for (JsonNode e : array) {
                    present |= BsonOrder.equal(e, item);
                }
                if (!present) {
                    array.add(item);
                }
            }
            return array;
        }
        int position = array.size();
        if (modifiers && arg.has("$position")) {
            int p = arg.get("$position").intValue();
            position = p >= 0 ? Math.min(p, array.size()) : Math.max(0, array.size() + p);
        }
        for (int i = 0; i < items.size(); i++) {
            array.insert(position + i, items.get(i));
        }
        List<JsonNode> all = new ArrayList<>();
        array.forEach(all::add);
        if (modifiers && arg.has("$sort")) {
            all.sort(sortComparator(arg.get("$sort"), where));
        }
        if (modifiers && arg.has("$slice")) {
            int s = arg.get("$slice").intValue();
            all = s >= 0 ? all.subList(0, Math.min(s, all.size())) : all.subList(Math.max(0, all.size() + s),
                    all.size());
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        all.forEach(out::add);
        return out;
    }

    /** $push's $sort: 1 or -1 for the elements themselves, or a sort document over object elements. */
    private static Comparator<JsonNode> sortComparator(JsonNode spec, String where) {
        if (spec.isNumber() && (spec.doubleValue() == 1 || spec.doubleValue() == -1)) {
            return spec.intValue() == 1 ? BsonOrder::compare : (a, b) -> BsonOrder.compare(b, a);
        }
        if (spec.isObject() && !spec.isEmpty()) {
            return DocumentSort.compile(spec).comparator();
        }
        throw new ValidationException(where + "$sort needs 1, -1 or a sort document; got " + Describe.of(spec));
    }

    /** $inc and $mul, keeping integers integral (widening to long, then to an exact decimal, on overflow). */
    private static JsonNode arithmetic(boolean add, JsonNode current, JsonNode operand) {
        if (current == null) {
            return add ? operand.deepCopy() : zeroLike(operand);
        }
        boolean integral = current.isIntegralNumber() && operand.isIntegralNumber();
        if (integral && current.canConvertToLong() && operand.canConvertToLong()) {
            try {
                long r = add ? Math.addExact(current.longValue(), operand.longValue())
                        : Math.multiplyExact(current.longValue(), operand.longValue());
                return r == (int) r && !(current.isLong() || operand.isLong()) ? IntNode.valueOf((int) r)
                        : LongNode.valueOf(r);
            } catch (ArithmeticException overflow) {
                // falls through to an exact decimal
            }
        }
        if (integral || current.isBigDecimal() || operand.isBigDecimal()) {
            BigDecimal a = current.decimalValue();
            BigDecimal b = operand.decimalValue();
            return DecimalNode.valueOf(add ? a.add(b) : a.multiply(b));
        }
        double r = add ? current.doubleValue() + operand.doubleValue() : current.doubleValue() * operand.doubleValue();
        if (!Double.isFinite(r)) {
            throw new ValidationException("arithmetic result is outside the range of a double");
        }
        return DoubleNode.valueOf(r);
    }

    private static JsonNode zeroLike(JsonNode operand) {
        if (operand.isIntegralNumber()) {
            return operand.isLong() ? LongNode.valueOf(0) : IntNode.valueOf(0);
        }
        return DoubleNode.valueOf(0.0);
    }
}
