package dev.mikrodb.internal.storage;

/**
 * One version of an item as the files hold it, immutable.
 *
 * <p>A class rather than a record so that the engine's in-memory record can extend it: a commit then hands the WAL
 * (and a checkpoint its table file) the table's own object, where a copy per written version was 64 bytes of
 * garbage per write and per checkpointed item. Equality is identity, as for the engine's records.
 */
public class StoredItem {
    private final String key;
    private final byte[] value;
    private final long version;
    private final long timestamp;
    private final long expiration;
    private final long createRevision;
    private final long modRevision;

    /**
     * @param value the value's JSON bytes
     * @param expiration absolute epoch milliseconds, or 0 for none
     * @param createRevision the revision that created this key (in its current life)
     * @param modRevision the revision that wrote this version
     */
    public StoredItem(String key, byte[] value, long version, long timestamp, long expiration, long createRevision,
                      long modRevision) {
        this.key = key;
        this.value = value;
        this.version = version;
        this.timestamp = timestamp;
        this.expiration = expiration;
        this.createRevision = createRevision;
        this.modRevision = modRevision;
    }

    public final String key() {
        return key;
    }

    /** The value's JSON bytes, not a copy: never modified. */
    public final byte[] value() {
        return value;
    }

    public final long version() {
        return version;
    }

    public final long timestamp() {
        return timestamp;
    }

    /** Absolute epoch milliseconds, or 0 for none. */
    public final long expiration() {
        return expiration;
    }

    public final long createRevision() {
        return createRevision;
    }

    public final long modRevision() {
        return modRevision;
    }

    @Override
    public String toString() {
        return "StoredItem[key=" + key + ", version=" + version + ", bytes=" + value.length + "]";
    }
}
