package dev.mikrodb.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the bytes of one JSON value out of a byte-array parser without building a tree: values travel from the
 * server's answer into an {@code Item} as they were written.
 */
final class RawValueReader {
    private RawValueReader() {
    }

    /** The exact bytes of the value at the parser's current token; leaves the parser on the value's last token. */
    static byte[] valueBytes(JsonParser p, byte[] source) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        int end = (int) p.currentLocation().getByteOffset();
        return Arrays.copyOfRange(source, start, end);
    }
}
