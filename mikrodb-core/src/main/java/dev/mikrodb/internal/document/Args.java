package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.engine.Names;
import dev.mikrodb.internal.json.Json;

/** Turns the document API's {@code Object} arguments into JSON trees, and checks documents and their ids. */
public final class Args {
    private Args() {
    }

    /** An int-sized number without a fraction: 2 and 2.0 both are, as MongoDB reads its integer arguments. */
    static boolean isWholeInt(JsonNode n) {
        boolean whole = n.isIntegralNumber()
                || (n.isFloatingPointNumber() && n.doubleValue() == Math.rint(n.doubleValue()));
        return whole && n.canConvertToInt();
    }

    /** JSON text is parsed; a tree is used as is; anything else is mapped by Jackson. Null stays null. */
    public static JsonNode tree(Object arg, String what) {
        if (arg == null) {
            return null;
        }
        if (arg instanceof JsonNode node) {
            return node;
        }
        if (arg instanceof String text) {
            return Json.parseUserJson(text, what);
        }
        try {
            return Json.MAPPER.valueToTree(arg);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(what + " cannot be converted to JSON: " + e.getMessage());
        }
    }

    /** A copy of a document to insert, with its {@code _id} checked (or generated, first). */
    public static ObjectNode document(Object arg, String what) {
        JsonNode node = tree(arg, what);
        if (node == null || !node.isObject()) {
            throw new ValidationException(what + " must be a JSON object; got " + Describe.of(node));
        }
        ObjectNode doc = (ObjectNode) node;
        if (!doc.has("_id")) {
            ObjectNode withId = doc.objectNode();
            withId.put("_id", ObjectIds.next());
            withId.setAll(doc);
            return withId;
        }
        checkId(doc.get("_id"), what);
        return doc.deepCopy();
    }

    /** An {@code _id} must be a non-empty string that is a valid key. */
    public static String checkId(JsonNode id, String what) {
        if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
            throw new ValidationException(what + ": _id must be a non-empty string; got " + Describe.of(id));
        }
        try {
            Names.checkKey(id.textValue());
        } catch (ValidationException e) {
            throw new ValidationException(what + ": _id is not usable: " + e.getMessage());
        }
        return id.textValue();
    }

    /** The UTF-8 JSON of a document, within the size limit of a value. */
    static byte[] bytes(ObjectNode doc, String what) {
        byte[] json = Json.toBytes(doc);
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new ValidationException(what + " is " + json.length + " bytes as JSON; the limit is "
                    + MAX_DOCUMENT_BYTES);
        }
        return json;
    }

    /** The same limit as any value's. */
    static final int MAX_DOCUMENT_BYTES = 16 << 20;
}
