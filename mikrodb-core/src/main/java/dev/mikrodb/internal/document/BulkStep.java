package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.BulkOperation;
import java.util.List;

/** One compiled operation of a bulk write, run inside the bulk's single commit batch. */
record BulkStep(BulkOperation op, ObjectNode document, JsonNode filterJson, DocumentFilter.Compiled filter,
                DocumentUpdate update, String where) {

    static BulkStep compile(BulkOperation op, String where) {
        if (op == null) {
            throw new dev.mikrodb.ValidationException("operation is missing");
        }
        if (op instanceof BulkOperation.InsertOne i) {
            return new BulkStep(op, Args.document(i.document(), "document"), null, null, null, where);
        }
        if (op instanceof BulkOperation.UpdateOne u) {
            return withFilter(op, u.filter(), DocumentUpdate.compile(Args.tree(u.update(), "update"), true), where);
        }
        if (op instanceof BulkOperation.UpdateMany u) {
            return withFilter(op, u.filter(), DocumentUpdate.compile(Args.tree(u.update(), "update"), false), where);
        }
        if (op instanceof BulkOperation.ReplaceOne r) {
            return withFilter(op, r.filter(), DocumentUpdate.replacement(Args.tree(r.replacement(), "replacement")),
                    where);
        }
        if (op instanceof BulkOperation.DeleteOne d) {
            return withFilter(op, d.filter(), null, where);
        }
        return withFilter(op, ((BulkOperation.DeleteMany) op).filter(), null, where);
    }

    private static BulkStep withFilter(BulkOperation op, Object filter, DocumentUpdate update, String where) {
        JsonNode json = Args.tree(filter, "filter");
        return new BulkStep(op, null, json, DocumentFilter.compile(json), update, where);
    }

    void run(BatchWriter w, List<String> candidates, BulkTotals totals) {
        if (op instanceof BulkOperation.InsertOne) {
            totals.inserted(w.insert(document, where));
        } else if (op instanceof BulkOperation.UpdateOne u) {
            totals.updated(w.update(candidates, filter, filterJson, update, false, u.upsert(), null, ""));
        } else if (op instanceof BulkOperation.UpdateMany u) {
            totals.updated(w.update(candidates, filter, filterJson, update, true, u.upsert(), null, ""));
        } else if (op instanceof BulkOperation.ReplaceOne r) {
            totals.updated(w.update(candidates, filter, filterJson, update, false, r.upsert(), null, ""));
        } else if (op instanceof BulkOperation.DeleteOne) {
            totals.deleted(w.delete(candidates, filter, 1, null, ""));
        } else {
            totals.deleted(w.delete(candidates, filter, Long.MAX_VALUE, null, ""));
        }
    }
}
