package dev.mikrodb.internal.document;

import dev.mikrodb.BulkWriteResult;
import java.util.ArrayList;
import java.util.List;

/** What a bulk write's operations did, added up. */
final class BulkTotals {
    private long matched;
    private long modified;
    private long deleted;
    private final List<String> insertedIds = new ArrayList<>();
    private final List<String> upsertedIds = new ArrayList<>();

    void inserted(String id) {
        insertedIds.add(id);
    }

    void updated(BatchWriter.Updated u) {
        matched += u.matched();
        modified += u.modified();
        if (u.upsertedId() != null) {
            upsertedIds.add(u.upsertedId());
        }
    }

    void deleted(long n) {
        deleted += n;
    }

    BulkWriteResult result() {
        return new BulkWriteResult(insertedIds.size(), matched, modified, deleted, upsertedIds.size(), insertedIds,
                upsertedIds);
    }
}
