package dev.mikrodb.internal.engine;

/**
 * A validated write, ready to commit: the value already encoded as JSON, the expiration already absolute.
 *
 * @param expectedVersion the version the item must have, or null for an unconditional write
 * @param expiration absolute epoch milliseconds, or 0 for none
 */
record PendingWrite(String table, String key, byte[] json, Long expectedVersion, long expiration) {
}
