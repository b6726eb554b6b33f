package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.internal.crypto.AesGcm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The encoding of one table file: a base (every item of the table as of a checkpoint) or a delta (the items written
 * and the keys removed since the previous file). Files are written whole and atomically and never changed after.
 * Layout in docs/file-format.md; names and listing in {@link TableFiles}.
 */
public final class TableFile {
    static final int MAGIC = 0x4D4B5442; // "MKTB"
    /** The format this build writes. 2: base and delta files, revisions per item. */
    public static final int VERSION = 2;
    /** The oldest format this build reads. */
    public static final int MIN_READ_VERSION = 2;
    static final int FLAG_ENCRYPTED = 1;
    static final int FLAG_DELTA = 2;
    /** magic, version, flags, sequence, revision, entry count. */
    static final int HEADER_BYTES = 4 + 2 + 2 + 8 + 8 + 4;
    static final int ITEM = 1;
    static final int TOMBSTONE = 2;

    /** What a file's header says about it. */
    public record Header(long seq, long revision, boolean delta, int entries) {
    }

    /** Receives the entries of a file as they are decoded, in file order. */
    public interface Sink {
        void item(StoredItem item);

        void tombstone(String key);
    }

    private TableFile() {
    }

    /**
     * Encodes a file.
     *
     * @param stem the table's file stem, bound into the encryption so files cannot be swapped between tables
     * @param seq the file's sequence number: a delta is applied after every file with a lower one; a base replaces
     *     every file with a lower or equal one
     * @param revision the database revision the file is current to
     */
    public static byte[] encode(String stem, long seq, long revision, boolean delta, Collection<StoredItem> items,
                                Collection<String> tombstones, AesGcm cipher) {
        long estimate = HEADER_BYTES + 4;
        for (StoredItem i : items) {
            estimate += 48 + i.key().length() * 3L + i.value().length;
        }
        for (String k : tombstones) {
            estimate += 3 + k.length() * 3L;
        }
        ByteWriter body = new ByteWriter((int) Math.min(Integer.MAX_VALUE - 64, estimate));
        for (StoredItem i : items) {
            byte[] key = i.key().getBytes(StandardCharsets.UTF_8);
            body.u8(ITEM).u16(key.length).bytes(key).i64(i.version()).i64(i.timestamp()).i64(i.expiration())
                    .i64(i.createRevision()).i64(i.modRevision()).i32(i.value().length).bytes(i.value());
        }
        for (String k : tombstones) {
            byte[] key = k.getBytes(StandardCharsets.UTF_8);
            body.u8(TOMBSTONE).u16(key.length).bytes(key);
        }
        ByteWriter out = new ByteWriter(body.length() + HEADER_BYTES + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES + 4);
        out.i32(MAGIC).u16(VERSION).u16((cipher != null ? FLAG_ENCRYPTED : 0) | (delta ? FLAG_DELTA : 0)).i64(seq)
                .i64(revision).i32(items.size() + tombstones.size());
        if (cipher == null) {
            out.bytes(body.array(), 0, body.length());
        } else {
            byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
            out.bytes(nonce).bytes(cipher.encrypt(nonce, body.toByteArray(), aad(out.array(), stem)));
        }
        out.i32(Checksums.crc32c(out.array(), 0, out.length()));
        return out.toByteArray();
    }

    /** Binds the ciphertext to its header and table, so files cannot be swapped between tables unnoticed. */
    private static byte[] aad(byte[] header, String stem) {
        byte[] name = stem.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[HEADER_BYTES + name.length];
        System.arraycopy(header, 0, aad, 0, HEADER_BYTES);
        System.arraycopy(name, 0, aad, HEADER_BYTES, name.length);
        return aad;
    }

    /** Checks a file whole (checksum, header, authentication) and hands its entries to {@code sink}. */
    public static Header decode(Path file, String stem, byte[] data, AesGcm cipher, Sink sink) {
        if (data.length < HEADER_BYTES + 4) {
            throw new CorruptionException(file, 0, "table file is " + data.length + " bytes, too short");
        }
        int stored = new ByteReader(data, data.length - 4, data.length).i32();
        if (stored != Checksums.crc32c(data, 0, data.length - 4)) {
            throw new CorruptionException(file, data.length - 4, "table file checksum mismatch");
        }
        ByteReader h = new ByteReader(data, 0, HEADER_BYTES);
        if (h.i32() != MAGIC) {
            throw new CorruptionException(file, 0, "not a MikroDB table file (bad magic)");
        }
        int version = h.u16();
        if (version < MIN_READ_VERSION || version > VERSION) {
            throw new CorruptionException(file, 4, "unsupported table format version " + version
                    + " (this build reads versions " + MIN_READ_VERSION + " to " + VERSION + ")");
        }
        int flags = h.u16();
        Header header = new Header(h.i64(), h.i64(), (flags & FLAG_DELTA) != 0, h.i32());
        boolean encrypted = (flags & FLAG_ENCRYPTED) != 0;
        if (encrypted != (cipher != null)) {
            throw new EncryptionKeyException("table file " + file + (encrypted ? " is encrypted but the database is not"
                    : " is not encrypted but the database is"));
        }
        byte[] body = data;
        int start = HEADER_BYTES;
        int end = data.length - 4;
        if (encrypted) {
            if (end - start < AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES) {
                throw new CorruptionException(file, start, "encrypted table body is too short");
            }
            byte[] nonce = new byte[AesGcm.NONCE_BYTES];
            System.arraycopy(data, start, nonce, 0, nonce.length);
            try {
                body = cipher.decrypt(nonce, data, start + nonce.length, end - start - nonce.length, aad(data, stem));
            } catch (AesGcm.AuthenticationFailedException e) {
                throw new CorruptionException(file, start, "encrypted table body fails authentication");
            }
            start = 0;
            end = body.length;
        }
        readEntries(file, new ByteReader(body, start, end), header, sink);
        return header;
    }

    private static void readEntries(Path file, ByteReader r, Header header, Sink sink) {
        int read = 0;
        try {
            while (r.remaining() > 0) {
                int kind = r.u8();
                String key = r.utf8(r.u16());
                if (kind == ITEM) {
                    long version = r.i64();
                    long timestamp = r.i64();
                    long expiration = r.i64();
                    long createRevision = r.i64();
                    long modRevision = r.i64();
                    byte[] value = r.bytes(r.i32());
                    sink.item(new StoredItem(key, value, version, timestamp, expiration, createRevision,
                            modRevision));
                } else if (kind == TOMBSTONE && header.delta()) {
                    sink.tombstone(key);
                } else {
                    throw new CorruptionException(file, r.position(), "unknown table entry kind " + kind);
                }
                read++;
            }
        } catch (ByteReader.ShortReadException e) {
            throw new CorruptionException(file, e.offset, "table entry is truncated");
        }
        if (read != header.entries()) {
            throw new CorruptionException(file, 24, "header says " + header.entries() + " entries, body holds "
                    + read);
        }
    }

    /** Writes {@code bytes} as {@code target}: temp file, fsync, atomic rename. The caller fsyncs the directory. */
    public static void writeAtomically(FileLayer files, Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (StorageFile out = files.create(temp)) {
            out.write(ByteBuffer.wrap(bytes));
            out.force();
        } catch (IOException e) {
            files.deleteIfExists(temp);
            throw e;
        }
        files.moveAtomically(temp, target);
    }
}
