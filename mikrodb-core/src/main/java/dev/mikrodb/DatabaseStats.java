package dev.mikrodb;

/**
 * What a document database holds.
 *
 * @param bytes bytes of stored document JSON (values, not keys or per-item overhead)
 */
public record DatabaseStats(String database, int collections, long documents, long bytes) {
}
