package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.BulkOperation;
import dev.mikrodb.BulkWriteResult;
import dev.mikrodb.DeleteOptions;
import dev.mikrodb.DeleteResult;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.DuplicateIdException;
import dev.mikrodb.FindOptions;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.InsertManyResult;
import dev.mikrodb.InsertOneResult;
import dev.mikrodb.Item;
import dev.mikrodb.Query;
import dev.mikrodb.UpdateOptions;
import dev.mikrodb.UpdateResult;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.internal.api.QueryAccess;
import dev.mikrodb.internal.engine.Database;
import dev.mikrodb.internal.engine.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** A collection of the embedded database: the document API over the engine's one commit path. */
public final class EmbeddedCollection implements DocumentCollection {
    /** How often a single-document write rescans when every candidate changed under it. */
    private static final int ATTEMPTS = 8;
    /** Candidates a *_one operation scans for (several, in case the first changed meanwhile). */
    private static final int ONE_CANDIDATES = 16;

    private final Database engine;
    private final String database;
    private final String name;
    private final String table;

    public EmbeddedCollection(Database engine, String database, String name) {
        Names.checkTableName(name);
        this.engine = engine;
        this.database = database;
        this.name = name;
        this.table = Names.qualify(database, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String databaseName() {
        return database;
    }

    @Override
    public InsertOneResult insertOne(Object document) {
        ObjectNode doc = Args.document(document, "document");
        return new InsertOneResult(engine.commit(List.of(table), false,
                batch -> new BatchWriter(batch, table, name).insert(doc, "")));
    }

    @Override
    public InsertManyResult insertMany(List<?> documents) {
        if (documents == null || documents.isEmpty()) {
            throw new ValidationException("insert_many needs at least one document");
        }
        List<ObjectNode> docs = new ArrayList<>(documents.size());
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            ObjectNode doc = Args.document(documents.get(i), "document " + i);
            String id = doc.get("_id").textValue();
            Integer first = positions.putIfAbsent(id, i);
            if (first != null) {
                throw DuplicateIdException.repeated(name, id, first, i);
            }
            docs.add(doc);
        }
        return new InsertManyResult(engine.commit(List.of(table), false, batch -> {
            batch.expect(docs.size());
            BatchWriter w = new BatchWriter(batch, table, name);
            List<String> inserted = new ArrayList<>(docs.size());
            for (int i = 0; i < docs.size(); i++) {
                inserted.add(w.insert(docs.get(i), "document " + i + ": "));
            }
            return inserted;
        }));
    }

    @Override
    public List<JsonNode> find(Object filter, FindOptions options) {
        FindOptions o = options == null ? FindOptions.NONE : options;
        DocumentFilter.Compiled f = DocumentFilter.compile(Args.tree(filter, "filter"));
        JsonNode sortSpec = Args.tree(o.sort(), "sort");
        DocumentSort sort = sortSpec == null ? null : DocumentSort.compile(sortSpec);
        FieldSelection selection = FieldSelection.compile(Args.tree(o.projection(), "projection"));
        List<String[]> paths = new ArrayList<>(f.paths());
        if (sort != null) {
            paths.addAll(sort.paths());
        }
        JsonNode filterJson = Args.tree(filter, "filter");
        List<String> ids = IdLookup.ids(filterJson);
        List<JsonNode> docs;
        if (ids != null) {
            docs = byIds(ids, f); // a lookup by _id reads those keys, not the collection
            if (sort != null) {
                docs.sort(sort.comparator());
            }
            docs = page(docs, o.skip(), o.limit());
        } else {
            Query q = QueryAccess.compiled(f.scanFilter(),
                    sort == null ? null : sort.comparator(), paths, o.skip(),
                    o.limit() == 0 ? Long.MAX_VALUE : o.limit(), filterJson);
            List<Item> items = engine.query(table, q);
            docs = new ArrayList<>(items.size());
            for (Item item : items) {
                docs.add(item.value());
            }
        }
        if (selection != null) {
            docs.replaceAll(doc -> selection.apply((ObjectNode) doc));
        }
        return docs;
    }

    @Override
    public Optional<JsonNode> findOne(Object filter, FindOptions options) {
        FindOptions o = options == null ? FindOptions.NONE : options;
        List<JsonNode> one = find(filter, o.limit(1));
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    @Override
    public long count(Object filter) {
        JsonNode filterJson = Args.tree(filter, "filter");
        DocumentFilter.Compiled f = DocumentFilter.compile(filterJson);
        List<String> ids = IdLookup.ids(filterJson);
        return ids != null ? byIds(ids, f).size() : scanKeys(f, filterJson, Long.MAX_VALUE).size();
    }

    @Override
    public List<JsonNode> distinct(String field, Object filter) {
        if (field == null || field.isEmpty()) {
            throw new ValidationException("distinct needs a field");
        }
        String[] path = DocumentFilter.splitPath(field);
        TreeSet<JsonNode> values = new TreeSet<>(BsonOrder::compare);
        for (JsonNode doc : find(filter, FindOptions.NONE)) {
            for (JsonNode v : PathValues.of(doc, path).values) {
                if (v.isArray()) {
                    v.forEach(values::add);
                } else {
                    values.add(v);
                }
            }
        }
        return new ArrayList<>(values);
    }

    /** The documents with these ids that match the filter, in id order. */
    private List<JsonNode> byIds(List<String> ids, DocumentFilter.Compiled f) {
        List<JsonNode> docs = new ArrayList<>();
        for (String id : ids) {
            Optional<Item> item = engine.get(table, id);
            if (item.isPresent()) {
                JsonNode doc = item.get().value();
                if (doc.isObject() && f.filter().matches(doc)) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> page(List<JsonNode> docs, long skip, long limit) {
        int from = (int) Math.min(skip, docs.size());
        int to = limit == 0 ? docs.size() : (int) Math.min(docs.size(), from + Math.min(limit, Integer.MAX_VALUE));
        return new ArrayList<>(docs.subList(from, to));
    }

    /**
     * Candidates for a write: the ids the filter pins (read exactly, under the lock, so never stale), else the keys
     * of documents matching now, found without a lock (stale when a concurrent writer changed them since).
     */
    private record Candidates(List<String> keys, boolean scanned) {
    }

    private Candidates candidates(JsonNode filterJson, DocumentFilter.Compiled f, long limit) {
        List<String> ids = IdLookup.ids(filterJson);
        return ids != null ? new Candidates(ids, false) : new Candidates(scanKeys(f, filterJson, limit), true);
    }

    /** Keys of documents matching now, outside any lock: the candidates a write re-checks under it. */
    private List<String> scanKeys(DocumentFilter.Compiled f, JsonNode filterJson, long limit) {
        Query q = QueryAccess.compiled(f.scanFilter(), null, f.paths(), 0, limit,
                filterJson);
        List<Item> items = engine.query(table, q);
        List<String> keys = new ArrayList<>(items.size());
        for (Item item : items) {
            keys.add(item.key());
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public UpdateResult updateOne(Object filter, Object update, UpdateOptions options) {
        return update(filter, DocumentUpdate.compile(Args.tree(update, "update"), true), false, options);
    }

    @Override
    public UpdateResult updateMany(Object filter, Object update, UpdateOptions options) {
        return update(filter, DocumentUpdate.compile(Args.tree(update, "update"), false), true, options);
    }

    @Override
    public UpdateResult replaceOne(Object filter, Object replacement, UpdateOptions options) {
        return update(filter, DocumentUpdate.replacement(Args.tree(replacement, "replacement")), false, options);
    }

    private UpdateResult update(Object filter, DocumentUpdate update, boolean many, UpdateOptions options) {
        UpdateOptions o = options == null ? UpdateOptions.NONE : options;
        JsonNode filterJson = Args.tree(filter, "filter");
        DocumentFilter.Compiled f = DocumentFilter.compile(filterJson);
        for (int attempt = 1; ; attempt++) {
            Candidates candidates = candidates(filterJson, f, many ? Long.MAX_VALUE : ONE_CANDIDATES);
            boolean last = attempt == ATTEMPTS || !candidates.scanned();
            BatchWriter.Updated r = engine.commit(List.of(table), false, batch -> {
                BatchWriter w = new BatchWriter(batch, table, name);
                BatchWriter.Updated u = w.update(candidates.keys(), f, filterJson, update, many, false,
                        o.expectedVersion(), "");
                if (u.matched() == 0 && w.sawStaleCandidates() && !last) {
                    return null; // every candidate changed under us: scan again
                }
                return u.matched() == 0 && o.upsert() ? w.update(List.of(), f, filterJson, update, many, true,
                        o.expectedVersion(), "") : u;
            });
            if (r != null) {
                return new UpdateResult(r.matched(), r.modified(), r.upsertedId());
            }
        }
    }

    @Override
    public DeleteResult deleteOne(Object filter, DeleteOptions options) {
        return delete(filter, 1, options);
    }

    @Override
    public DeleteResult deleteMany(Object filter, DeleteOptions options) {
        DeleteOptions o = options == null ? DeleteOptions.NONE : options;
        return delete(filter, o.limit() == null || o.limit() == 0 ? Long.MAX_VALUE : o.limit(), o);
    }

    private DeleteResult delete(Object filter, long max, DeleteOptions options) {
        DeleteOptions o = options == null ? DeleteOptions.NONE : options;
        JsonNode filterJson = Args.tree(filter, "filter");
        DocumentFilter.Compiled f = DocumentFilter.compile(filterJson);
        for (int attempt = 1; ; attempt++) {
            Candidates candidates = candidates(filterJson, f, max == 1 ? ONE_CANDIDATES : Long.MAX_VALUE);
            boolean last = attempt == ATTEMPTS || !candidates.scanned();
            Long deleted = engine.commit(List.of(table), false, batch -> {
                BatchWriter w = new BatchWriter(batch, table, name);
                long n = w.delete(candidates.keys(), f, max, o.expectedVersion(), "");
                return n == 0 && w.sawStaleCandidates() && !last ? null : n;
            });
            if (deleted != null) {
                return new DeleteResult(deleted);
            }
        }
    }

    @Override
    public IndexInfo createIndex(IndexSpec spec) {
        return engine.createIndex(table, spec);
    }

    @Override
    public boolean dropIndex(String indexName) {
        return engine.dropIndex(table, indexName);
    }

    @Override
    public List<IndexInfo> indexes() {
        return engine.indexes(table);
    }

    @Override
    public BulkWriteResult bulkWrite(List<BulkOperation> operations) {
        if (operations == null || operations.isEmpty()) {
            throw new ValidationException("bulk_write needs at least one operation");
        }
        List<BulkStep> steps = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            try {
                steps.add(BulkStep.compile(operations.get(i), "operation " + i + ": "));
            } catch (ValidationException e) {
                throw new ValidationException("operation " + i + ": " + e.getMessage());
            }
        }
        List<List<String>> candidates = new ArrayList<>(steps.size());
        for (BulkStep s : steps) {
            candidates.add(s.filter() == null ? List.of()
                    : candidates(s.filterJson(), s.filter(), Long.MAX_VALUE).keys());
        }
        return engine.commit(List.of(table), false, batch -> {
            BatchWriter w = new BatchWriter(batch, table, name);
            BulkTotals totals = new BulkTotals();
            for (int i = 0; i < steps.size(); i++) {
                try {
                    steps.get(i).run(w, candidates.get(i), totals);
                } catch (ValidationException e) {
                    throw new ValidationException("operation " + i + ": " + e.getMessage());
                } catch (VersionConflictException e) {
                    throw e.withContext("operation " + i + ": ");
                }
            }
            return totals.result();
        });
    }
}
