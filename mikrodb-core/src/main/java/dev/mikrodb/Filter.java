package dev.mikrodb;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A condition on an item's value. Built from the JSON filter language with {@link Query.Builder#filter(JsonNode)},
 * or written directly in Java. Must not modify the value it is given.
 */
@FunctionalInterface
public interface Filter {
    boolean matches(JsonNode value);
}
