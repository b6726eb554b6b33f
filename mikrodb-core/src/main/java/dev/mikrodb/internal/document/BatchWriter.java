package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.DuplicateIdException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.internal.engine.CommitBatch;
import dev.mikrodb.internal.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Document writes staged into one {@link CommitBatch}, under the commit lock. Each operation decides what it matches
 * now, from the candidates a scan found before the lock was taken plus every document written earlier in the batch,
 * each re-checked against its current stored version; so matching and applying are one atomic step, and the later
 * operations of a bulk write see the earlier ones.
 */
final class BatchWriter {
    private final CommitBatch batch;
    private final String table;
    private final String collection;
    private final Set<String> touched = new LinkedHashSet<>();
    /** Whether some candidate no longer matched when re-checked: a concurrent writer got there first. */
    private boolean stale;

    BatchWriter(CommitBatch batch, String table, String collection) {
        this.batch = batch;
        this.table = table;
        this.collection = collection;
    }

    boolean sawStaleCandidates() {
        return stale;
    }

    /** A document matched now: its key, its current tree and version. */
    record Match(String key, ObjectNode doc, long version, long expiration) {
    }

    /** Inserts a checked document; a taken {@code _id} is a {@link DuplicateIdException}. */
    String insert(ObjectNode doc, String where) {
        String id = doc.get("_id").textValue();
        if (batch.current(table, id) != null) {
            throw new DuplicateIdException(collection, id, where);
        }
        batch.put(table, id, Args.bytes(doc, where.isEmpty() ? "document" : where + "document"), 0, null);
        touched.add(id);
        return id;
    }

    /** The documents matching {@code filter} now, at most {@code max}, candidates in order. */
    List<Match> matches(List<String> candidates, DocumentFilter.Compiled filter, long max) {
        Set<String> keys = new LinkedHashSet<>(candidates);
        keys.addAll(touched);
        List<Match> out = new ArrayList<>();
        for (String key : keys) {
            if (out.size() >= max) {
                break;
            }
            CommitBatch.StoredView current = batch.current(table, key);
            if (current == null) {
                stale |= candidates.contains(key);
                continue;
            }
            JsonNode doc = Json.parse(current.json());
            if (doc.isObject() && filter.filter().matches(doc)) {
                out.add(new Match(key, (ObjectNode) doc, current.version(), current.expiration()));
            } else {
                stale |= candidates.contains(key);
            }
        }
        return out;
    }

    /** Result of one update: what matched, what changed, the upserted id or null. */
    record Updated(long matched, long modified, String upsertedId) {
    }

    Updated update(List<String> candidates, DocumentFilter.Compiled filter, JsonNode filterJson,
                   DocumentUpdate update, boolean many, boolean upsert, Long expectedVersion, String where) {
        List<Match> matched = matches(candidates, filter, many ? Long.MAX_VALUE : 1);
        if (matched.isEmpty()) {
            if (!upsert) {
                return new Updated(0, 0, null);
            }
            ObjectNode seed = UpsertSeed.fromFilter(filterJson, update.isReplacement());
            ObjectNode doc = update.apply(seed, true, batch.now());
            if (!doc.has("_id")) {
                ObjectNode withId = doc.objectNode();
                withId.put("_id", seed.has("_id") ? seed.get("_id").asText() : ObjectIds.next());
                withId.setAll(doc);
                doc = withId;
            }
            Args.checkId(doc.get("_id"), where + "upserted document");
            return new Updated(0, 0, insert(doc, where));
        }
        long modified = 0;
        for (Match m : matched) {
            checkVersion(m, expectedVersion, where);
            ObjectNode next = update.apply(m.doc(), false, batch.now());
            if (!next.equals(m.doc())) {
                batch.put(table, m.key(), Args.bytes(next, where + "updated document"), m.expiration(), null);
                touched.add(m.key());
                modified++;
            }
        }
        return new Updated(matched.size(), modified, null);
    }

    long delete(List<String> candidates, DocumentFilter.Compiled filter, long max, Long expectedVersion,
                String where) {
        List<Match> matched = matches(candidates, filter, max);
        for (Match m : matched) {
            checkVersion(m, expectedVersion, where);
            batch.delete(table, m.key(), null);
            touched.add(m.key());
        }
        return matched.size();
    }

    private void checkVersion(Match m, Long expectedVersion, String where) {
        if (expectedVersion != null && expectedVersion != m.version()) {
            throw new VersionConflictException(collection, m.key(), expectedVersion, m.version()).withContext(where);
        }
    }
}
