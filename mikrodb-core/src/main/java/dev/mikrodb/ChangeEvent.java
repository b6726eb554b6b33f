package dev.mikrodb;

/**
 * A committed change, delivered to listeners in commit order per table.
 *
 * @param operation one of {@link #ITEM_WRITTEN}, {@link #ITEM_DELETED}, {@link #ITEM_EXPIRED}, {@link #TABLE_DELETED}
 * @param table the table changed
 * @param key the item's key; null for {@code table.deleted}
 * @param record the item as written, or as it was when it expired or was deleted; null for {@code table.deleted}
 * @param version the version written, or the version removed
 * @param timestamp when the change was committed, epoch milliseconds
 * @param revision the database revision of the commit; every change of one atomic batch shares it, and revisions
 *     strictly increase in commit order (0 when unknown)
 * @param previous the item this change replaced or removed, when the subscription asked for it
 *     ({@link SubscribeOptions#includePrevious()}) and there was one; otherwise null. For {@code item.deleted} and
 *     {@code item.expired} it is the same item as {@code record}.
 */
public record ChangeEvent(String operation, String table, String key, Item record, long version, long timestamp,
                          long revision, Item previous) {
    public static final String ITEM_WRITTEN = "item.written";
    public static final String ITEM_DELETED = "item.deleted";
    public static final String ITEM_EXPIRED = "item.expired";
    public static final String TABLE_DELETED = "table.deleted";

    /** Every event name, in the order the seed lists them. */
    public static final java.util.List<String> ALL = java.util.List.of(ITEM_DELETED, ITEM_EXPIRED, ITEM_WRITTEN,
            TABLE_DELETED);

    /** An event without a previous item. */
    public ChangeEvent(String operation, String table, String key, Item record, long version, long timestamp,
                       long revision) {
        this(operation, table, key, record, version, timestamp, revision, null);
    }
}
