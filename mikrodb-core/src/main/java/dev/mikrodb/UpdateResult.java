package dev.mikrodb;

/**
 * What an update or replacement did.
 *
 * @param matchedCount documents the filter matched
 * @param modifiedCount documents actually changed (an update that changes nothing does not count, nor write)
 * @param upsertedId the {@code _id} of the document an upsert inserted, or null
 */
public record UpdateResult(long matchedCount, long modifiedCount, String upsertedId) {
}
