package dev.mikrodb;

import java.util.List;

/** The totals of a bulk write, over all its operations. */
public record BulkWriteResult(long insertedCount, long matchedCount, long modifiedCount, long deletedCount,
                              long upsertedCount, List<String> insertedIds, List<String> upsertedIds) {
    public BulkWriteResult {
        insertedIds = List.copyOf(insertedIds);
        upsertedIds = List.copyOf(upsertedIds);
    }
}
