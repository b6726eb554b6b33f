package dev.mikrodb.internal.storage;

/**
 * One version of an item as the files hold it.
 *
 * @param value the value's JSON bytes
 * @param expiration absolute epoch milliseconds, or 0 for none
 * @param createRevision the revision that created this key (in its current life)
 * @param modRevision the revision that wrote this version
 */
public record StoredItem(String key, byte[] value, long version, long timestamp, long expiration, long createRevision,
                         long modRevision) {
}
