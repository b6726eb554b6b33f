package dev.mikrodb.internal.storage;

/**
 * One operation inside a WAL record. Every operation states the absolute result (the full item, or its absence), so
 * replaying a suffix of the log over any older table state yields the same final state. Each also carries the item
 * it replaced, so the log doubles as the change feed (events with previous values) without reading anything else.
 *
 * @param item the item written ({@link #PUT}); null otherwise
 * @param previous the item replaced or removed; null when there was none (and for {@link #DROP_TABLE})
 */
public record WalOp(int type, String table, String key, StoredItem item, StoredItem previous) {
    public static final int PUT = 1;
    public static final int DELETE = 2;
    public static final int DROP_TABLE = 3;
    /** A delete because the item expired: the same effect as {@link #DELETE}, a different event. */
    public static final int EXPIRE = 4;

    public static WalOp put(String table, StoredItem item, StoredItem previous) {
        return new WalOp(PUT, table, item.key(), item, previous);
    }

    public static WalOp delete(String table, StoredItem previous) {
        return new WalOp(DELETE, table, previous.key(), null, previous);
    }

    public static WalOp expire(String table, StoredItem previous) {
        return new WalOp(EXPIRE, table, previous.key(), null, previous);
    }

    public static WalOp dropTable(String table) {
        return new WalOp(DROP_TABLE, table, "", null, null);
    }

    /** Whether the key is absent after this operation. */
    public boolean removes() {
        return type == DELETE || type == EXPIRE;
    }
}
