package dev.mikrodb.internal.engine;

import dev.mikrodb.Item;
import dev.mikrodb.internal.api.ItemAccess;
import dev.mikrodb.internal.storage.StoredItem;

/**
 * One stored version of an item, immutable but for its {@link #slot} in the table's order. A write replaces the
 * record object in its table, so a reader holding a record always sees one consistent version. The value is kept
 * only as its JSON bytes: queries read the fields they need straight from them ({@code internal.query.Projection}),
 * and users get their own parsed copy through {@link Item#value()}. No parsed tree is cached, which keeps a loaded
 * table within about twice its JSON size.
 */
final class Record extends StoredItem {
    /**
     * The record's place in its table's {@link NaturalOrder}, owned by that table and changed only under its commit
     * lock. Not part of the version. It fills the object's alignment padding (offset 60 of 64 bytes with compressed
     * pointers, read with {@code Unsafe.objectFieldOffset}), so it costs no memory.
     */
    int slot;

    Record(String key, byte[] json, long version, long timestamp, long expiration, long createRevision,
           long modRevision) {
        super(key, json, version, timestamp, expiration, createRevision, modRevision);
    }

    /** The record an item read from a file or the WAL stands for. */
    static Record of(StoredItem s) {
        return new Record(s.key(), s.value(), s.version(), s.timestamp(), s.expiration(), s.createRevision(),
                s.modRevision());
    }

    boolean isExpiredAt(long now) {
        long expiration = expiration();
        return expiration != 0 && expiration <= now;
    }

    Item toItem() {
        return ItemAccess.item(key(), value(), version(), timestamp(), expiration(), createRevision(), modRevision());
    }

    /** Rough heap cost: object headers, the key's chars, the JSON bytes. Used for the cache's byte limit. */
    long estimatedBytes() {
        return 112L + 2L * key().length() + value().length;
    }

    /** Rough bytes in a table file: the key, the value and the fixed fields. */
    long fileBytes() {
        return 48L + key().length() + value().length;
    }
}
