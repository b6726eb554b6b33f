package dev.mikrodb.internal.storage;

import dev.mikrodb.internal.crypto.AesGcm;
import java.util.Arrays;

/** Constants and the segment header of the write-ahead log. Layout in docs/file-format.md. */
public final class WalFormat {
    static final int MAGIC = 0x4D4B574C; // "MKWL"
    /** The format this build writes. 2: revisions, previous items, expiry operations. */
    static final int VERSION = 2;
    /** The oldest format this build still reads; older logs fail with an "unsupported format" error. */
    static final int MIN_READ_VERSION = 2;
    static final int FLAG_ENCRYPTED = 1;
    static final int NONCE_PREFIX_BYTES = AesGcm.NONCE_PREFIX_BYTES;
    /** magic, version, flags, nonce prefix, start revision, header CRC. */
    public static final int HEADER_BYTES = 4 + 2 + 2 + NONCE_PREFIX_BYTES + 8 + 4;
    /** payload length, CRC of the length, CRC of the payload. */
    static final int RECORD_HEADER_BYTES = 12;
    /** A record larger than this is refused on write and treated as corruption on read. */
    static final int MAX_PAYLOAD_BYTES = 256 << 20;

    private WalFormat() {
    }

    /** @param startRevision the database's revision when the segment starts; every record in it is later */
    static byte[] header(boolean encrypted, byte[] noncePrefix, long startRevision) {
        ByteWriter w = new ByteWriter(HEADER_BYTES);
        w.i32(MAGIC).u16(VERSION).u16(encrypted ? FLAG_ENCRYPTED : 0).bytes(noncePrefix).i64(startRevision);
        w.i32(Checksums.crc32c(w.array(), 0, w.length()));
        return w.toByteArray();
    }

    /**
     * The start revision recorded in a segment header.
     *
     * @throws IllegalArgumentException when the header is not a valid MikroDB WAL header
     */
    static long startRevision(byte[] header) {
        ByteReader r = new ByteReader(header, 0, HEADER_BYTES);
        if (r.i32() != MAGIC) {
            throw new IllegalArgumentException("not a MikroDB WAL file (bad magic)");
        }
        r.u16();
        r.u16();
        r.bytes(NONCE_PREFIX_BYTES);
        long start = r.i64();
        if (r.i32() != Checksums.crc32c(header, 0, HEADER_BYTES - 4)) {
            throw new IllegalArgumentException("WAL header checksum mismatch");
        }
        return start;
    }

    /**
     * Frames the record of a payload {@link WalCodec.Encoder#encode} wrote after {@link #RECORD_HEADER_BYTES}
     * reserved bytes: length, CRC of the length, CRC of the payload, then the payload. A plain payload is framed in
     * place (no copy on a plain write); an encrypted one is sealed into a new record as counter + ciphertext.
     */
    static ByteWriter frame(ByteWriter encoded, AesGcm cipher, byte[] noncePrefix, int counter) {
        ByteWriter record = encoded;
        if (cipher != null) {
            byte[] plain = Arrays.copyOfRange(encoded.array(), RECORD_HEADER_BYTES, encoded.length());
            byte[] sealed = cipher.encrypt(AesGcm.nonce(noncePrefix, counter), plain, null);
            record = new ByteWriter(RECORD_HEADER_BYTES + 4 + sealed.length);
            record.truncateTo(RECORD_HEADER_BYTES);
            record.i32(counter).bytes(sealed);
        }
        int payloadLength = record.length() - RECORD_HEADER_BYTES;
        record.putI32At(0, payloadLength);
        record.putI32At(4, Checksums.crc32cOfInt(payloadLength));
        record.putI32At(8, Checksums.crc32c(record.array(), RECORD_HEADER_BYTES, payloadLength));
        return record;
    }
}
