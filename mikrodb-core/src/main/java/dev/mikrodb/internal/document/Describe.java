package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** A short description of a JSON value for error messages: its type and (cut) text. */
final class Describe {
    private Describe() {
    }

    static String of(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (text.length() > 60
                ? text.substring(0, 60) + "..." : text);
    }
}
