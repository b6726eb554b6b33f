package dev.mikrodb;

import java.util.List;

/** The {@code _id}s of inserted documents, in input order. */
public record InsertManyResult(List<String> insertedIds) {
    public InsertManyResult {
        insertedIds = List.copyOf(insertedIds);
    }

    public int insertedCount() {
        return insertedIds.size();
    }
}
