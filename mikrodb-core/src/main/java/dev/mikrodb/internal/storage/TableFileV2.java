package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.internal.crypto.AesGcm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads table files of format version 2: one body of entries under one checksum (and, encrypted, one AES-GCM
 * ciphertext), so the whole file is read to use any of it. This build writes version 3 ({@link TableFile}); a
 * version-2 file is read whole when its table loads and replaced by version 3 at the table's next base rewrite.
 */
final class TableFileV2 {
    static final int VERSION = 2;

    private TableFileV2() {
    }

    /** Binds the ciphertext to its header and table, so files cannot be swapped between tables unnoticed. */
    private static byte[] aad(byte[] header, String stem) {
        byte[] name = stem.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[TableFile.HEADER_BYTES + name.length];
        System.arraycopy(header, 0, aad, 0, TableFile.HEADER_BYTES);
        System.arraycopy(name, 0, aad, TableFile.HEADER_BYTES, name.length);
        return aad;
    }

    /**
     * Checks a file whole (checksum, header, authentication) and hands its entries to {@code sink}; its length,
     * magic and version were checked by {@link TableFile#version}.
     */
    static TableFile.Header decode(Path file, String stem, byte[] data, AesGcm cipher, TableFile.Sink sink) {
        int stored = new ByteReader(data, data.length - 4, data.length).i32();
        if (stored != Checksums.crc32c(data, 0, data.length - 4)) {
            throw new CorruptionException(file, data.length - 4, "table file checksum mismatch");
        }
        ByteReader h = new ByteReader(data, 0, TableFile.HEADER_BYTES);
        h.skip(6); // magic and version
        int flags = h.u16();
        TableFile.Header header = new TableFile.Header(h.i64(), h.i64(), (flags & TableFile.FLAG_DELTA) != 0,
                h.i32());
        TableFile.checkNamed(file, header);
        boolean encrypted = TableFile.checkEncryption(file, flags, cipher);
        byte[] body = data;
        int start = TableFile.HEADER_BYTES;
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
        int read = TableEntries.read(file, new ByteReader(body, start, end), header.delta(), sink);
        if (read != header.entries()) {
            throw new CorruptionException(file, 24, "header says " + header.entries() + " entries, body holds "
                    + read);
        }
        return header;
    }
}
