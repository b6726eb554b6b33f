package dev.mikrodb.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Item;
import dev.mikrodb.internal.api.ItemAccess;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.storage.StoredItem;

/**
 * One stored version of an item, immutable. A write replaces the record object in its table, so a reader holding a
 * record always sees one consistent version. The parsed tree is built on the first query that needs it and shared by
 * later queries; it is never handed to users (they get their own copy through {@link Item#value()}).
 */
final class Record {
    final String key;
    final byte[] json;
    final long version;
    final long timestamp;
    final long expiration;
    final long createRevision;
    final long modRevision;
    private volatile JsonNode tree;

    Record(String key, byte[] json, long version, long timestamp, long expiration, long createRevision,
           long modRevision) {
        this.key = key;
        this.json = json;
        this.version = version;
        this.timestamp = timestamp;
        this.expiration = expiration;
        this.createRevision = createRevision;
        this.modRevision = modRevision;
    }

    static Record of(StoredItem s) {
        return new Record(s.key(), s.value(), s.version(), s.timestamp(), s.expiration(), s.createRevision(),
                s.modRevision());
    }

    StoredItem stored() {
        return new StoredItem(key, json, version, timestamp, expiration, createRevision, modRevision);
    }

    JsonNode tree() {
        JsonNode t = tree;
        if (t == null) {
            t = Json.parse(json);
            tree = t;
        }
        return t;
    }

    boolean isExpiredAt(long now) {
        return expiration != 0 && expiration <= now;
    }

    Item toItem() {
        return ItemAccess.item(key, json, version, timestamp, expiration, createRevision, modRevision);
    }

    /** Rough heap cost: object headers, the key's chars, the JSON bytes. Used for the cache's byte limit. */
    long estimatedBytes() {
        return 112L + 2L * key.length() + json.length;
    }

    /** Rough bytes in a table file: the key, the value and the fixed fields. */
    long fileBytes() {
        return 48L + key.length() + json.length;
    }
}
