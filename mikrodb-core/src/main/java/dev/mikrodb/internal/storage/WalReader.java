package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.internal.crypto.AesGcm;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads one WAL segment during recovery and classifies damage. A record that fails its checks with no valid record
 * anywhere after it in the segment is a damaged tail (an interrupted write, or garbage past the end): reading stops
 * there and the damage is reported to the caller, which decides (see {@code Recovery}). Damage followed by a valid
 * record is corruption in the middle of the log, a {@link CorruptionException} naming file and offset. Zeros from
 * the end of a record to the end of the file are not damage but the segment's end: space written ahead of the
 * records under sync durability ({@link WalPreallocation}), or a crash after the file grew and before its data.
 */
public final class WalReader {
    /** Damage at the end of a segment: where it starts and what was wrong. */
    public record Damage(long offset, String problem) {
    }

    /**
     * What was read: how many records, where the valid data ends, the damage after it (or null), and the segment's
     * start revision and the revision of its last valid record (the start revision when it has none).
     */
    public record Result(int records, long validEnd, Damage damage, long startRevision, long lastRevision) {
    }

    private WalReader() {
    }

    /** @param sink receives each valid record's batch, in log order */
    public static Result read(Path file, byte[] data, AesGcm cipher, Consumer<WalBatch> sink) {
        if (data.length == 0) { // made and never written, or its header never reached the disk: an empty log
            return new Result(0, 0, null, 0, 0);
        }
        if (data.length < WalFormat.HEADER_BYTES) {
            return new Result(0, 0, new Damage(0, "the segment header is cut short"), 0, 0);
        }
        ByteReader header = new ByteReader(data, 0, WalFormat.HEADER_BYTES);
        if (header.i32() != WalFormat.MAGIC) {
            if (allZero(data)) {
                return new Result(0, 0, new Damage(0, "the segment is all zeros"), 0, 0);
            }
            throw new CorruptionException(file, 0, "not a MikroDB WAL file (bad magic)");
        }
        int version = header.u16();
        int flags = header.u16();
        byte[] noncePrefix = header.bytes(WalFormat.NONCE_PREFIX_BYTES);
        long startRevision = header.i64();
        int headerCrc = header.i32();
        if (headerCrc != Checksums.crc32c(data, 0, WalFormat.HEADER_BYTES - 4)) {
            if (allZero(data)) { // a segment created just before a power loss
                return new Result(0, 0, new Damage(0, "the segment is all zeros"), 0, 0);
            }
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
        Frames frames = new Frames(data, cipher, noncePrefix);
        int offset = WalFormat.HEADER_BYTES;
        int records = 0;
        long lastRevision = startRevision;
        while (offset < data.length) {
            Frames.Frame f = frames.at(offset);
            if (f.problem() != null) {
                if (allZero(data, offset)) { // zeros written ahead of the records (WalPreallocation): the end
                    return new Result(records, offset, null, startRevision, lastRevision);
                }
                if (frames.anyValidAfter(offset)) {
                    throw new CorruptionException(file, offset, f.problem() + ", and valid records follow it");
                }
                return new Result(records, offset, new Damage(offset, f.problem()), startRevision, lastRevision);
            }
            WalBatch batch;
            try {
                batch = WalCodec.decode(f.payload());
            } catch (RuntimeException e) {
                throw new CorruptionException(file, offset, "WAL record is malformed: " + e.getMessage());
            }
            if (batch.revision() <= lastRevision && records > 0) {
                throw new CorruptionException(file, offset, "WAL record revision " + batch.revision()
                        + " does not follow " + lastRevision);
            }
            sink.accept(batch);
            lastRevision = batch.revision();
            records++;
            offset = f.end();
        }
        return new Result(records, offset, null, startRevision, lastRevision);
    }

    private static boolean allZero(byte[] data) {
        return allZero(data, 0);
    }

    private static boolean allZero(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads record frames of one segment: length, its CRC, the payload's CRC, the payload (sealed if encrypted). */
    private static final class Frames {
        record Frame(byte[] payload, int end, String problem) {
        }

        private final byte[] data;
        private final AesGcm cipher;
        private final byte[] noncePrefix;

        Frames(byte[] data, AesGcm cipher, byte[] noncePrefix) {
            this.data = data;
            this.cipher = cipher;
            this.noncePrefix = noncePrefix;
        }

        Frame at(int offset) {
            if (data.length - offset < WalFormat.RECORD_HEADER_BYTES) {
                return damaged("record header is cut short");
            }
            ByteReader r = new ByteReader(data, offset, data.length);
            int length = r.i32();
            int lengthCrc = r.i32();
            int payloadCrc = r.i32();
            if (lengthCrc != Checksums.crc32cOfInt(length)) {
                return damaged("record length checksum mismatch");
            }
            if (length < 0 || length > WalFormat.MAX_PAYLOAD_BYTES) {
                return damaged("record length " + length + " is out of range");
            }
            int payloadStart = offset + WalFormat.RECORD_HEADER_BYTES;
            if (length > data.length - payloadStart) {
                return damaged("record payload is cut short");
            }
            if (payloadCrc != Checksums.crc32c(data, payloadStart, length)) {
                return damaged("record checksum mismatch");
            }
            byte[] payload = payload(payloadStart, length);
            return payload == null ? damaged("encrypted record fails authentication")
                    : new Frame(payload, payloadStart + length, null);
        }

        private static Frame damaged(String problem) {
            return new Frame(null, -1, problem);
        }

        /** Whether a frame that passes every check starts anywhere after {@code offset}. */
        boolean anyValidAfter(int offset) {
            for (int p = offset + 1; p + WalFormat.RECORD_HEADER_BYTES <= data.length; p++) {
                int length = ((data[p] & 0xFF) << 24) | ((data[p + 1] & 0xFF) << 16) | ((data[p + 2] & 0xFF) << 8)
                        | (data[p + 3] & 0xFF);
                if (length >= 0 && length <= data.length - p - WalFormat.RECORD_HEADER_BYTES
                        && new ByteReader(data, p + 4, p + 8).i32() == Checksums.crc32cOfInt(length)
                        && at(p).problem() == null) {
                    return true;
                }
            }
            return false;
        }

        private byte[] payload(int start, int length) {
            if (cipher == null) {
                byte[] payload = new byte[length];
                System.arraycopy(data, start, payload, 0, length);
                return payload;
            }
            if (length < 4 + AesGcm.TAG_BYTES) {
                return null;
            }
            int counter = new ByteReader(data, start, start + 4).i32();
            try {
                return cipher.decrypt(AesGcm.nonce(noncePrefix, counter), data, start + 4, length - 4, null);
            } catch (AesGcm.AuthenticationFailedException e) {
                return null;
            }
        }
    }
}
