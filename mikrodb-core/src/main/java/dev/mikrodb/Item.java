package dev.mikrodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.api.ItemAccess;
import dev.mikrodb.internal.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One stored item: key, JSON value, version, write timestamp and optional expiration.
 *
 * <p>Immutable. The value is kept as the JSON bytes that were stored and parsed on first {@link #value()} call; the
 * returned tree belongs to this {@code Item}, so changing it never changes the database.
 */
public final class Item {
    private final String key;
    private final byte[] json;
    private final long version;
    private final long timestamp;
    private final long expiration;
    private final long createRevision;
    private final long modRevision;
    private JsonNode parsed;

    static {
        ItemAccess.register(new ItemAccess.Secrets() {
            @Override
            public Item make(String key, byte[] json, long version, long timestamp, long expiration,
                             long createRevision, long modRevision) {
                return new Item(key, json, version, timestamp, expiration, createRevision, modRevision);
            }

            @Override
            public byte[] json(Item item) {
                return item.json;
            }
        });
    }

    /** Items are made by the database and the client (through {@link ItemAccess}), never from unchecked bytes. */
    private Item(String key, byte[] json, long version, long timestamp, long expiration, long createRevision,
                 long modRevision) {
        this.key = Objects.requireNonNull(key, "key");
        this.json = Objects.requireNonNull(json, "json");
        this.version = version;
        this.timestamp = timestamp;
        this.expiration = expiration;
        this.createRevision = createRevision;
        this.modRevision = modRevision;
    }

    public String key() {
        return key;
    }

    /** The value as a JSON tree this item owns. */
    public synchronized JsonNode value() {
        if (parsed == null) {
            parsed = Json.parse(json);
        }
        return parsed;
    }

    /** The value mapped to {@code type} with Jackson. */
    public <T> T valueAs(Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new ValidationException("value of '" + key + "' cannot be read as " + type.getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /** The value as JSON text, exactly as stored. */
    public String valueJson() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** Writes the stored JSON bytes of the value to {@code out} without parsing them. */
    public void writeValueTo(OutputStream out) throws IOException {
        out.write(json);
    }

    /** Starts at 1 for a new key and grows by one with each write. */
    public long version() {
        return version;
    }

    /** When this version was written, epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    /** Absolute expiration in epoch milliseconds, or 0 when the item never expires. */
    public long expiration() {
        return expiration;
    }

    /**
     * The database revision that created this key, in its current life (a delete ends a life; a later write starts
     * a new one). 0 when unknown (an item read through a server that does not report it).
     */
    public long createRevision() {
        return createRevision;
    }

    /** The database revision that wrote this version. 0 when unknown. */
    public long modRevision() {
        return modRevision;
    }

    public boolean hasExpiration() {
        return expiration != 0;
    }

    public boolean isExpiredAt(long nowMillis) {
        return expiration != 0 && expiration <= nowMillis;
    }

    @Override
    public String toString() {
        return "Item{key=" + key + ", version=" + version + ", timestamp=" + timestamp
                + (expiration != 0 ? ", expiration=" + expiration : "") + ", value=" + valueJson() + "}";
    }
}
