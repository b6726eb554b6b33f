package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.internal.crypto.AesGcm;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The frame of a format-3 table file, from its header and size: where the buckets and the index are. Checks the
 * header's checksum, the index's checksum, and each bucket's checksum and authentication as it is opened.
 *
 * @param headerFields the header without its checksum: bound into every bucket's authentication
 * @param indexOffset where the bucket index starts; it runs to 4 bytes before the end (its checksum)
 */
record TableFileLayout(TableFile.Header header, int buckets, byte[] headerFields, byte[] noncePrefix,
                       long indexOffset, boolean encrypted) {

    /**
     * Reads the frame from the first {@link TableFile#V3_HEADER_BYTES} of {@code data} and the file's size; when
     * {@code data} holds the whole file, checks the index's checksum too.
     */
    static TableFileLayout read(Path file, byte[] data, long fileSize, AesGcm cipher) {
        int fields = TableFile.V3_HEADER_BYTES - 4;
        if (data.length < TableFile.V3_HEADER_BYTES || fileSize < TableFile.V3_HEADER_BYTES + 4) {
            throw new CorruptionException(file, 0, "table file is " + fileSize + " bytes, too short");
        }
        ByteReader h = new ByteReader(data, 0, TableFile.V3_HEADER_BYTES);
        h.skip(6); // magic and version: checked by TableFile.version
        int flags = h.u16();
        TableFile.Header header = new TableFile.Header(h.i64(), h.i64(), (flags & TableFile.FLAG_DELTA) != 0,
                h.i32());
        int buckets = h.i32();
        byte[] noncePrefix = h.bytes(AesGcm.NONCE_PREFIX_BYTES);
        if (h.i32() != Checksums.crc32c(data, 0, fields)) {
            throw new CorruptionException(file, fields, "table file header checksum mismatch");
        }
        TableFile.checkNamed(file, header);
        boolean encrypted = TableFile.checkEncryption(file, flags, cipher);
        long indexOffset = fileSize - 4 - (long) buckets * TableFile.INDEX_ENTRY_BYTES;
        long leastBuckets = (long) buckets * (4 + (encrypted ? AesGcm.TAG_BYTES : 0));
        if (buckets < 1 || indexOffset < TableFile.V3_HEADER_BYTES + leastBuckets) {
            throw new CorruptionException(file, TableFile.HEADER_BYTES, "table file claims " + buckets
                    + " buckets, which do not fit in its " + fileSize + " bytes");
        }
        TableFileLayout layout = new TableFileLayout(header, buckets, Arrays.copyOf(data, fields), noncePrefix,
                indexOffset, encrypted);
        if (data.length == fileSize) {
            layout.checkIndex(file, data, (int) indexOffset);
        }
        return layout;
    }

    /** Refuses index entry {@code bucket} when the bucket it names would lie outside the buckets' region. */
    void checkIndexEntry(Path file, int bucket, long offset, int length) {
        if (offset < TableFile.V3_HEADER_BYTES || length < 0 || offset + length + 4 > indexOffset) {
            throw new CorruptionException(file, indexOffset + (long) bucket * TableFile.INDEX_ENTRY_BYTES,
                    "table index entry " + bucket + " points outside the buckets");
        }
    }

    /** Checks the index's checksum; {@code data} holds the index at {@code offset}, followed by its checksum. */
    void checkIndex(Path file, byte[] data, int offset) {
        int length = buckets * TableFile.INDEX_ENTRY_BYTES;
        if (new ByteReader(data, offset + length, offset + length + 4).i32()
                != Checksums.crc32c(data, offset, length)) {
            throw new CorruptionException(file, indexOffset, "table index checksum mismatch");
        }
    }

    /**
     * Bucket {@code bucket}'s entries, checked: {@code data} holds its {@code length} stored bytes at {@code offset},
     * then their checksum.
     */
    ByteReader bucket(Path file, String stem, byte[] data, int offset, int length, int bucket, AesGcm cipher) {
        if (new ByteReader(data, offset + length, offset + length + 4).i32()
                != Checksums.crc32c(data, offset, length)) {
            throw new CorruptionException(file, offset, "table bucket " + bucket + " checksum mismatch");
        }
        if (!encrypted) {
            return new ByteReader(data, offset, offset + length);
        }
        try {
            byte[] plain = cipher.decrypt(AesGcm.nonce(noncePrefix, bucket), data, offset, length,
                    TableFile.aad(headerFields, stem, bucket));
            return new ByteReader(plain, 0, plain.length);
        } catch (AesGcm.AuthenticationFailedException e) {
            throw new CorruptionException(file, offset, "table bucket " + bucket + " fails authentication");
        }
    }
}
