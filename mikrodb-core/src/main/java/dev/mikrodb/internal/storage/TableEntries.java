package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import java.nio.file.Path;

/** The encoding of table-file entries (an item or a tombstone), shared by every table format version. */
final class TableEntries {
    static final int ITEM = 1;
    static final int TOMBSTONE = 2;

    /** What {@link #find} returns for a key the entries remove. */
    static final StoredItem REMOVED = new StoredItem("", new byte[0], 0, 0, 0, 0, 0);

    private TableEntries() {
    }

    /** An item: its kind, its key's UTF-8 after two length bytes, then its fields. */
    static void writeItem(ByteWriter out, StoredItem i) {
        writeItemFields(out.u8(ITEM).utf8WithU16Length(i.key()), i);
    }

    /**
     * An item ({@link StoredItem}) or a tombstone (its key, a {@code String}), as {@link #writeItem} and
     * {@link #writeTombstone} write them; its key is copied from {@code keys} where it starts at {@code keyAt}
     * (encoded as the entry holds it, see {@link EncodedKeys}), or encoded from the string when {@code keyAt} is -1.
     */
    static void write(ByteWriter out, Object entry, byte[] keys, int keyAt) {
        boolean item = entry instanceof StoredItem;
        if (keyAt < 0) {
            if (item) {
                writeItem(out, (StoredItem) entry);
            } else {
                writeTombstone(out, (String) entry);
            }
            return;
        }
        out.u8(item ? ITEM : TOMBSTONE).bytes(keys, keyAt, encodedKeyLength(keys, keyAt));
        if (item) {
            writeItemFields(out, (StoredItem) entry);
        }
    }

    /** The bytes of a key encoded at {@code keys[at]}: its two length bytes and its UTF-8. */
    static int encodedKeyLength(byte[] keys, int at) {
        return 2 + ((keys[at] & 0xFF) << 8 | keys[at + 1] & 0xFF);
    }

    /**
     * An item's fields after its key: version, timestamp, expiration, create and mod revision, value length, value.
     * The WAL stores a write's previous item the same way ({@link WalCodec}).
     */
    static void writeItemFields(ByteWriter out, StoredItem i) {
        out.i64(i.version()).i64(i.timestamp()).i64(i.expiration()).i64(i.createRevision()).i64(i.modRevision())
                .i32(i.value().length).bytes(i.value());
    }

    /** A tombstone for {@code key}. */
    static void writeTombstone(ByteWriter out, String key) {
        out.u8(TOMBSTONE).utf8WithU16Length(key);
    }

    /** Decodes every entry in {@code r} into {@code sink}; returns how many there were. */
    static int read(Path file, ByteReader r, boolean delta, TableFile.Sink sink) {
        int read = 0;
        try {
            while (r.remaining() > 0) {
                int kind = r.u8();
                String key = r.utf8(r.u16());
                if (kind == ITEM) {
                    sink.item(readItemFields(r, key));
                } else if (kind == TOMBSTONE && delta) {
                    sink.tombstone(key);
                } else {
                    throw new CorruptionException(file, r.position(), "unknown table entry kind " + kind);
                }
                read++;
            }
        } catch (ByteReader.ShortReadException e) {
            throw new CorruptionException(file, e.offset, "table entry is truncated");
        }
        return read;
    }

    /**
     * The entry for {@code key} among those in {@code r}: its item, {@link #REMOVED} for a tombstone, or null when
     * none names it. Other entries are stepped over without being decoded.
     */
    static StoredItem find(Path file, ByteReader r, byte[] key, String keyString) {
        try {
            while (r.remaining() > 0) {
                int kind = r.u8();
                int keyLength = r.u16();
                boolean match = keyLength == key.length && r.matches(key);
                r.skip(keyLength);
                if (kind == ITEM) {
                    if (match) {
                        return readItemFields(r, keyString);
                    }
                    r.skip(5 * 8);
                    r.skip(r.i32());
                } else if (kind == TOMBSTONE) {
                    if (match) {
                        return REMOVED;
                    }
                } else {
                    throw new CorruptionException(file, r.position(), "unknown table entry kind " + kind);
                }
            }
        } catch (ByteReader.ShortReadException e) {
            throw new CorruptionException(file, e.offset, "table entry is truncated");
        }
        return null;
    }

    /** Reads what {@link #writeItemFields} wrote, for the item {@code key}. */
    static StoredItem readItemFields(ByteReader r, String key) {
        long version = r.i64();
        long timestamp = r.i64();
        long expiration = r.i64();
        long createRevision = r.i64();
        long modRevision = r.i64();
        byte[] value = r.bytes(r.i32());
        return new StoredItem(key, value, version, timestamp, expiration, createRevision, modRevision);
    }
}
