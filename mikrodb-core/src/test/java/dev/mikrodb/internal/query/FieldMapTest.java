package dev.mikrodb.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mikrodb.internal.json.Json;
import org.junit.jupiter.api.Test;

/** A projection's field map behaves as a map for everything a filter, a sort and Jackson ask of it. */
class FieldMapTest {
    @Test
    void growsReplacesKeepsInsertionOrderAndEqualsTheParsedObject() {
        FieldMap fields = new FieldMap(1);
        fields.put("b", IntNode.valueOf(1));
        fields.put(new String("a"), TextNode.valueOf("x")); // found by equality, not only by reference
        assertEquals(IntNode.valueOf(1), fields.put("b", IntNode.valueOf(2)));
        assertEquals(TextNode.valueOf("x"), fields.get("a"));
        assertNull(fields.get("c"));
        assertEquals(2, fields.size());
        ObjectNode view = new ObjectNode(JsonNodeFactory.instance, fields);
        assertEquals("{\"b\":2,\"a\":\"x\"}", view.toString());
        assertEquals(Json.parse("{\"a\":\"x\",\"b\":2}".getBytes()), view);
        assertEquals(view, Json.parse("{\"a\":\"x\",\"b\":2}".getBytes()));
        assertThrows(UnsupportedOperationException.class, () -> fields.remove("a"), "a projection is read only");
    }
}
