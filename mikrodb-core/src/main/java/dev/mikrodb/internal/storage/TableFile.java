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
 * One table's checkpointed contents, {@code <table>.tbl}. Always rewritten whole and atomically: temp file, fsync,
 * rename, directory fsync. Layout in docs/file-format.md.
 */
public final class TableFile {
    public static final String SUFFIX = ".tbl";
    static final int MAGIC = 0x4D4B5442; // "MKTB"
    public static final int VERSION = 1;
    static final int FLAG_ENCRYPTED = 1;
    static final int HEADER_BYTES = 16;

    /** One stored item, as the table file holds it. */
    public record Entry(String key, long version, long timestamp, long expiration, byte[] value) {
    }

    /** Receives the entries of a table file as they are decoded. */
    @FunctionalInterface
    public interface EntrySink {
        void accept(String key, long version, long timestamp, long expiration, byte[] value);
    }

    private TableFile() {
    }

    public static Path path(Path directory, String table) {
        return directory.resolve(table + SUFFIX);
    }

    /** The table name a file in the database directory stands for, or null if it is not a table file. */
    public static String tableNameOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SUFFIX) && name.length() > SUFFIX.length()
                ? name.substring(0, name.length() - SUFFIX.length()) : null;
    }

    public static byte[] encode(String table, Collection<Entry> entries, AesGcm cipher) {
        long estimate = HEADER_BYTES + 4;
        for (Entry e : entries) {
            estimate += 32 + e.key().length() * 3L + e.value().length;
        }
        ByteWriter body = new ByteWriter((int) Math.min(Integer.MAX_VALUE - 64, estimate));
        for (Entry e : entries) {
            byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
            body.i32(key.length).bytes(key).i64(e.version()).i64(e.timestamp()).i64(e.expiration())
                    .i32(e.value().length).bytes(e.value());
        }
        ByteWriter out = new ByteWriter(body.length() + HEADER_BYTES + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES + 4);
        out.i32(MAGIC).u16(VERSION).u16(cipher != null ? FLAG_ENCRYPTED : 0).i32(entries.size()).i32(0);
        if (cipher == null) {
            out.bytes(body.array(), 0, body.length());
        } else {
            byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
            byte[] plain = body.toByteArray();
            out.bytes(nonce).bytes(cipher.encrypt(nonce, plain, aad(out.array(), table)));
        }
        out.i32(Checksums.crc32c(out.array(), 0, out.length()));
        return out.toByteArray();
    }

    /** Binds the ciphertext to its header and table name, so files cannot be swapped between tables unnoticed. */
    private static byte[] aad(byte[] header, String table) {
        byte[] name = table.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[HEADER_BYTES + name.length];
        System.arraycopy(header, 0, aad, 0, HEADER_BYTES);
        System.arraycopy(name, 0, aad, HEADER_BYTES, name.length);
        return aad;
    }

    /** Decodes a table file, handing each entry to {@code sink}; returns the entry count. */
    public static int decode(Path file, String table, byte[] data, AesGcm cipher, EntrySink sink) {
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
        if (version != VERSION) {
            throw new CorruptionException(file, 4, "unsupported table format version " + version
                    + " (this build reads version " + VERSION + ")");
        }
        boolean encrypted = (h.u16() & FLAG_ENCRYPTED) != 0;
        int count = h.i32();
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
                body = cipher.decrypt(nonce, data, start + nonce.length, end - start - nonce.length, aad(data, table));
            } catch (AesGcm.AuthenticationFailedException e) {
                throw new CorruptionException(file, start, "encrypted table body fails authentication");
            }
            start = 0;
            end = body.length;
        }
        ByteReader r = new ByteReader(body, start, end);
        int read = 0;
        try {
            while (r.remaining() > 0) {
                String key = r.utf8(r.i32());
                long ver = r.i64();
                long ts = r.i64();
                long exp = r.i64();
                byte[] value = r.bytes(r.i32());
                sink.accept(key, ver, ts, exp, value);
                read++;
            }
        } catch (ByteReader.ShortReadException e) {
            throw new CorruptionException(file, e.offset, "table entry is truncated");
        }
        if (read != count) {
            throw new CorruptionException(file, 8, "header says " + count + " entries, body holds " + read);
        }
        return read;
    }

    /** Writes {@code bytes} as the table's file: temp file, fsync, atomic rename. The caller fsyncs the directory. */
    public static void writeAtomically(FileLayer files, Path directory, String table, byte[] bytes)
            throws IOException {
        Path target = path(directory, table);
        Path temp = directory.resolve(table + SUFFIX + ".tmp");
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
