package dev.mikrodb.bench.documents;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A document store under test: the document workloads of docs/benchmarks.md, each engine doing them the way its own
 * users would. Every write is acknowledged only once it survives a killed process (the "os" guarantee).
 */
interface DocEngine extends AutoCloseable {
    void open(Path dir) throws Exception;

    /** Inserts documents (each with a string {@code _id}) atomically where the engine can. */
    void insertMany(List<JsonNode> docs) throws Exception;

    /** Documents whose {@code country} equals {@code value}; no index on the field. */
    List<?> findByCountry(String value) throws Exception;

    /** Adds one to {@code revision} of the document with this {@code _id}. */
    void incrementRevision(String id) throws Exception;
}
