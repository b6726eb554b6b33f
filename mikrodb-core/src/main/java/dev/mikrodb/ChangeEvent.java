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
 */
public record ChangeEvent(String operation, String table, String key, Item record, long version, long timestamp) {
    public static final String ITEM_WRITTEN = "item.written";
    public static final String ITEM_DELETED = "item.deleted";
    public static final String ITEM_EXPIRED = "item.expired";
    public static final String TABLE_DELETED = "table.deleted";

    /** Every event name, in the order the seed lists them. */
    public static final java.util.List<String> ALL = java.util.List.of(ITEM_DELETED, ITEM_EXPIRED, ITEM_WRITTEN,
            TABLE_DELETED);

    /** The seed's JSON payload, plus version and timestamp. */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        var node = dev.mikrodb.internal.json.Json.MAPPER.createObjectNode();
        node.put("operation", operation);
        node.put("table", table);
        if (key != null) {
            node.put("key", key);
        }
        if (record != null) {
            var rec = node.putObject("record");
            rec.set("value", record.value().deepCopy());
            rec.put("version", record.version());
            rec.put("timestamp", record.timestamp());
            if (record.hasExpiration()) {
                rec.put("expiration", record.expiration());
            } else {
                rec.putNull("expiration");
            }
        }
        node.put("version", version);
        node.put("timestamp", timestamp);
        return node;
    }
}
