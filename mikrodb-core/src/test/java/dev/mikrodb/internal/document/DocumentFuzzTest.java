package dev.mikrodb.internal.document;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;
import dev.mikrodb.wire.WireJson;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the document languages: a MongoDB filter, an update, a sort and a projection (four lines of JSON
 * text) compiled and applied to a document (a fifth line). The one acceptable failure is a
 * {@link ValidationException}; an update that is applied must leave {@code _id} as it was. Corpus:
 * {@code src/test/resources/dev/mikrodb/internal/document/DocumentFuzzTestInputs}; {@code bin/fuzz} fuzzes it.
 */
class DocumentFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void filterUpdateSortProjection(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", 5);
        if (parts.length < 5) {
            return;
        }
        JsonNode doc;
        try {
            doc = WireJson.parse(parts[4], "document");
        } catch (ValidationException e) {
            return;
        }
        if (!doc.isObject()) {
            return;
        }
        try {
            DocumentFilter.compile(WireJson.parse(parts[0], "filter")).filter().matches(doc);
        } catch (ValidationException expected) {
            // a clean refusal
        }
        try {
            DocumentUpdate update = DocumentUpdate.compile(WireJson.parse(parts[1], "update"), true);
            ObjectNode after = update.apply((ObjectNode) doc, true, 0);
            JsonNode id = doc.get("_id");
            if (id != null && !update.isReplacement() && !id.equals(after.get("_id"))) {
                throw new AssertionError("an update changed _id: " + doc + " -> " + after);
            }
        } catch (ValidationException expected) {
            // a clean refusal
        }
        try {
            DocumentSort.compile(WireJson.parse(parts[2], "sort")).comparator().compare(doc, doc);
        } catch (ValidationException expected) {
            // a clean refusal
        }
        try {
            FieldSelection selection = FieldSelection.compile(WireJson.parse(parts[3], "projection"));
            if (selection != null) {
                selection.apply((ObjectNode) doc);
            }
        } catch (ValidationException expected) {
            // a clean refusal
        }
    }
}
