package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operator of the filter language applied to the value a path resolved to: on a tree, or on the stored bytes a
 * scan reads. The two always answer alike; a condition that has no cheaper way to read the bytes decodes the value
 * ({@link JsonBytes#read}, the node Jackson would build) and tests that.
 */
@FunctionalInterface
interface Condition {
    /** The test on the resolved value, null when the path is missing. */
    boolean test(JsonNode actual);

    /** The test on the value spanning [start, end) of {@code b}, or on a missing one when {@code start < 0}. */
    default boolean test(byte[] b, int start, int end) {
        return test(start < 0 ? null : JsonBytes.read(b, start, end));
    }
}
