package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.internal.crypto.AesGcm;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one WAL segment during recovery. A record that is cut short at the end of the last segment is a torn write
 * from a crash and is dropped; anything else that fails its checks is corruption, reported with file and offset.
 */
public final class WalReader {
    /** What was read: how many records, where the valid data ends, and whether a torn tail was dropped. */
    public record Result(int records, long validEnd, boolean tornTail) {
    }

    private WalReader() {
    }

    /**
     * @param lastSegment only the newest segment may end in a torn record
     * @param sink receives each record's operations in log order
     */
    public static Result read(Path file, byte[] data, AesGcm cipher, boolean lastSegment,
                              Consumer<List<WalOp>> sink) {
        if (data.length < WalFormat.HEADER_BYTES) {
            if (lastSegment) {
                return new Result(0, 0, data.length > 0);
            }
            throw new CorruptionException(file, 0, "WAL segment header is truncated");
        }
        ByteReader header = new ByteReader(data, 0, WalFormat.HEADER_BYTES);
        if (header.i32() != WalFormat.MAGIC) {
            throw new CorruptionException(file, 0, "not a MikroDB WAL file (bad magic)");
        }
        int version = header.u16();
        int flags = header.u16();
        byte[] noncePrefix = header.bytes(WalFormat.NONCE_PREFIX_BYTES);
        int headerCrc = header.i32();
        if (headerCrc != Checksums.crc32c(data, 0, WalFormat.HEADER_BYTES - 4)) {
            throw new CorruptionException(file, 0, "WAL header checksum mismatch");
        }
        if (version < WalFormat.MIN_READ_VERSION || version > WalFormat.VERSION) {
            throw new CorruptionException(file, 4, "unsupported WAL format version " + version
                    + " (this build reads versions " + WalFormat.MIN_READ_VERSION + " to " + WalFormat.VERSION + ")");
        }
        boolean encrypted = (flags & WalFormat.FLAG_ENCRYPTED) != 0;
        if (encrypted != (cipher != null)) {
            throw new EncryptionKeyException("WAL file " + file + (encrypted ? " is encrypted but the database is not"
                    : " is not encrypted but the database is"));
        }

        int offset = WalFormat.HEADER_BYTES;
        int records = 0;
        while (offset < data.length) {
            int remaining = data.length - offset;
            if (remaining < WalFormat.RECORD_HEADER_BYTES) {
                return torn(file, offset, lastSegment, records, "record header is cut short");
            }
            ByteReader r = new ByteReader(data, offset, data.length);
            int length = r.i32();
            int lengthCrc = r.i32();
            int payloadCrc = r.i32();
            if (lengthCrc != Checksums.crc32cOfInt(length)) {
                if (allZero(data, offset)) {
                    return torn(file, offset, lastSegment, records, "zero-filled tail");
                }
                throw new CorruptionException(file, offset, "WAL record length checksum mismatch");
            }
            if (length < 0 || length > WalFormat.MAX_PAYLOAD_BYTES) {
                throw new CorruptionException(file, offset, "WAL record length " + length + " is out of range");
            }
            int payloadStart = offset + WalFormat.RECORD_HEADER_BYTES;
            if (length > data.length - payloadStart) {
                return torn(file, offset, lastSegment, records, "record payload is cut short");
            }
            int end = payloadStart + length;
            if (payloadCrc != Checksums.crc32c(data, payloadStart, length)) {
                if (end == data.length) {
                    return torn(file, offset, lastSegment, records, "last record fails its checksum");
                }
                throw new CorruptionException(file, offset, "WAL record checksum mismatch");
            }
            byte[] payload = payload(file, data, payloadStart, length, offset, cipher, noncePrefix);
            List<WalOp> ops;
            try {
                ops = WalCodec.decode(payload);
            } catch (RuntimeException e) {
                throw new CorruptionException(file, offset, "WAL record is malformed: " + e.getMessage());
            }
            sink.accept(ops);
            records++;
            offset = end;
        }
        return new Result(records, offset, false);
    }

    private static byte[] payload(Path file, byte[] data, int start, int length, int recordOffset, AesGcm cipher,
                                  byte[] noncePrefix) {
        if (cipher == null) {
            byte[] payload = new byte[length];
            System.arraycopy(data, start, payload, 0, length);
            return payload;
        }
        if (length < 4 + AesGcm.TAG_BYTES) {
            throw new CorruptionException(file, recordOffset, "encrypted WAL record is too short");
        }
        int counter = new ByteReader(data, start, start + 4).i32();
        try {
            return cipher.decrypt(WalFormat.nonce(noncePrefix, counter), data, start + 4, length - 4, null);
        } catch (AesGcm.AuthenticationFailedException e) {
            throw new CorruptionException(file, recordOffset, "encrypted WAL record fails authentication");
        }
    }

    private static Result torn(Path file, int offset, boolean lastSegment, int records, String why) {
        if (!lastSegment) {
            throw new CorruptionException(file, offset, why + " in a WAL segment that is not the newest");
        }
        System.getLogger("dev.mikrodb.recovery").log(System.Logger.Level.WARNING,
                "WAL " + file + ": dropping a torn record at offset " + offset + " (" + why
                        + "); it was never completely written");
        return new Result(records, offset, true);
    }

    private static boolean allZero(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
