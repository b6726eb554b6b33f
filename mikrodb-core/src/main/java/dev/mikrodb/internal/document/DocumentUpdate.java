package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A compiled MongoDB update: either operators ({@code $set}, {@code $inc}, ...) or a replacement document. Compiling
 * checks everything that does not depend on the document (unknown operators, bad arguments, two operators on
 * overlapping paths, touching {@code _id}); applying checks the rest ({@code $inc} on a string, {@code $push} on a
 * non-array) and works on a copy, so a failure anywhere leaves the stored document untouched.
 */
public final class DocumentUpdate {
    private final List<UpdateOp> ops;
    private final ObjectNode replacement;

    private DocumentUpdate(List<UpdateOp> ops, ObjectNode replacement) {
        this.ops = ops;
        this.replacement = replacement;
    }

    /** Whether this is a replacement document rather than operators. */
    public boolean isReplacement() {
        return replacement != null;
    }

    /** Compiles an update document: all operators, or (when {@code replacementAllowed}) a replacement. */
    public static DocumentUpdate compile(JsonNode update, boolean replacementAllowed) {
        if (update == null || !update.isObject()) {
            throw new ValidationException("update must be a JSON object; got " + Describe.of(update));
        }
        if (update.isEmpty()) {
            throw new ValidationException("update must not be empty; give operators such as {\"$set\": {...}}"
                    + (replacementAllowed ? " or a replacement document" : ""));
        }
        boolean operators = update.fieldNames().next().startsWith("$");
        Iterator<String> names = update.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (n.startsWith("$") != operators) {
                throw new ValidationException("update mixes operators and fields ('" + n + "'); use either "
                        + "operators or a replacement document");
            }
        }
        if (!operators) {
            if (!replacementAllowed) {
                throw new ValidationException("update needs operators such as {\"$set\": {...}}; a replacement "
                        + "document is for replace_one");
            }
            return replacement(update);
        }
        List<UpdateOp> ops = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = update.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode args = f.getValue();
            if (!args.isObject()) {
                throw new ValidationException(f.getKey() + " needs an object of field paths; got "
                        + Describe.of(args));
            }
            Iterator<Map.Entry<String, JsonNode>> targets = args.fields();
            while (targets.hasNext()) {
                Map.Entry<String, JsonNode> t = targets.next();
                ops.add(UpdateOp.compile(f.getKey(), new DocPath(t.getKey()), t.getValue()));
            }
        }
        checkConflicts(ops);
        return new DocumentUpdate(ops, null);
    }

    /** A replacement document for replace_one: no operators; its {@code _id}, if any, must be the document's. */
    public static DocumentUpdate replacement(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new ValidationException("replacement must be a JSON object; got " + Describe.of(doc));
        }
        Iterator<String> names = doc.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (n.startsWith("$")) {
                throw new ValidationException("replacement document must not contain operators ('" + n + "')");
            }
        }
        return new DocumentUpdate(List.of(), (ObjectNode) doc);
    }

    private static void checkConflicts(List<UpdateOp> ops) {
        List<DocPath> touched = new ArrayList<>();
        for (UpdateOp op : ops) {
            for (DocPath p : op.touches()) {
                if (p.segments()[0].equals("_id") && !op.name().equals("$setOnInsert") && !setsWholeId(op, p)) {
                    throw new ValidationException(op.name() + " on '" + p.text() + "' would change _id, which is "
                            + "immutable");
                }
                for (DocPath q : touched) {
                    if (p.overlaps(q)) {
                        throw new ValidationException("update paths '" + q.text() + "' and '" + p.text()
                                + "' conflict: one operator per field, and no field beside its own parent");
                    }
                }
                touched.add(p);
            }
        }
    }

    /** {@code $set} of {@code _id} itself is allowed, as in MongoDB, when it keeps the value (checked in apply). */
    private static boolean setsWholeId(UpdateOp op, DocPath p) {
        return op.name().equals("$set") && p.segments().length == 1;
    }

    /**
     * Applies the update to a copy of {@code doc}. {@code inserting} marks an upsert's new document, the only time
     * {@code $setOnInsert} applies. Returns the new document ({@code _id} kept).
     */
    public ObjectNode apply(ObjectNode doc, boolean inserting, long nowMillis) {
        if (replacement != null) {
            JsonNode id = doc.get("_id");
            JsonNode newId = replacement.get("_id");
            if (newId != null && id != null && !BsonOrder.equal(id, newId)) {
                throw new ValidationException("replacement would change _id from " + id + " to " + newId
                        + "; _id is immutable");
            }
            ObjectNode out = doc.objectNode();
            if (id != null || newId != null) {
                out.set("_id", id != null ? id : newId);
            }
            replacement.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("_id")) {
                    out.set(f.getKey(), f.getValue().deepCopy());
                }
            });
            return out;
        }
        ObjectNode copy = doc.deepCopy();
        for (UpdateOp op : ops) {
            op.apply(copy, inserting, nowMillis);
        }
        JsonNode id = doc.get("_id");
        if (id != null && !BsonOrder.equal(id, copy.get("_id"))) {
            throw new ValidationException("update would change _id from " + id + " to " + copy.get("_id")
                    + "; _id is immutable");
        }
        return copy;
    }
}
