package dev.mikrodb.internal.storage;

/**
 * One operation inside a WAL record. Every operation states the absolute result (the full item, or its absence), so
 * replaying a suffix of the log over any older table state yields the same final state.
 *
 * @param value JSON bytes for {@link #PUT}; null otherwise
 */
public record WalOp(int type, String table, String key, long version, long timestamp, long expiration,
                    byte[] value) {
    public static final int PUT = 1;
    public static final int DELETE = 2;
    public static final int DROP_TABLE = 3;

    public static WalOp put(String table, String key, long version, long timestamp, long expiration, byte[] value) {
        return new WalOp(PUT, table, key, version, timestamp, expiration, value);
    }

    public static WalOp delete(String table, String key) {
        return new WalOp(DELETE, table, key, 0, 0, 0, null);
    }

    public static WalOp dropTable(String table) {
        return new WalOp(DROP_TABLE, table, "", 0, 0, 0, null);
    }
}
