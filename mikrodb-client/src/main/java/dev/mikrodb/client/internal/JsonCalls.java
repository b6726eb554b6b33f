package dev.mikrodb.client.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** The client's request loop (retries, errors mapped to exceptions) as the document API uses it. */
public interface JsonCalls {
    /** POSTs {@code body}; {@code idempotent} reads may be repeated after a failure that may have reached the server. */
    JsonNode post(String path, JsonNode body, boolean idempotent);

    /** GETs {@code path}; null for a 404. */
    JsonNode get(String path);

    /**
     * GETs {@code path} with {@code authorization} instead of the client's own credentials; null when the server
     * refuses them (401).
     */
    JsonNode getAs(String path, String authorization);

    /** PUTs {@code body}; null for a 404. */
    JsonNode put(String path, JsonNode body);

    /** DELETEs {@code path}; null for a 404. */
    JsonNode delete(String path);
}
