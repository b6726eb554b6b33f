package dev.mikrodb;

/** One operation of {@link DocumentCollection#bulkWrite}. */
public sealed interface BulkOperation {
    record InsertOne(Object document) implements BulkOperation {
    }

    record UpdateOne(Object filter, Object update, boolean upsert) implements BulkOperation {
    }

    record UpdateMany(Object filter, Object update, boolean upsert) implements BulkOperation {
    }

    record ReplaceOne(Object filter, Object replacement, boolean upsert) implements BulkOperation {
    }

    record DeleteOne(Object filter) implements BulkOperation {
    }

    record DeleteMany(Object filter) implements BulkOperation {
    }
}
