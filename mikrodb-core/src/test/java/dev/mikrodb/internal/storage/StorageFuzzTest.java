package dev.mikrodb.internal.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mikrodb.CorruptionException;
import java.nio.file.Path;

/**
 * Fuzz targets for the readers of the two file formats: whatever bytes a file holds, reading it ends in valid data,
 * a reported damaged tail (WAL only) or a {@link CorruptionException}; never another exception, a hang, or an
 * allocation sized by the input.
 *
 * <p>Checksums guard both formats, and random bytes almost never pass one, so each format has two targets: the file
 * as it comes, and the file with its checksums made right around fuzzed content, which lets the fuzzer reach the
 * decoders behind them. Without {@code JAZZER_FUZZ} set these run as regression tests over the corpus in
 * {@code src/test/resources/dev/mikrodb/internal/storage/StorageFuzzTestInputs}; {@code bin/fuzz} fuzzes one of them.
 */
class StorageFuzzTest {
    private static final Path FILE = Path.of("fuzzed");
    /** Nonce prefix for segments built here; records are plaintext, so it is never used. */
    private static final byte[] NO_NONCE = new byte[WalFormat.NONCE_PREFIX_BYTES];

    @FuzzTest(maxDuration = "2m")
    void walSegment(byte[] data) {
        readWal(data);
    }

    /** The input as the payload of one record, framed with correct checksums after a valid segment header. */
    @FuzzTest(maxDuration = "2m")
    void walRecord(byte[] payload) {
        readWal(segment(payload));
    }

    @FuzzTest(maxDuration = "2m")
    void tableFile(byte[] data) {
        readTable(data);
    }

    /** The input with the file checksum it needs appended, so the header and entry decoding get fuzzed. */
    @FuzzTest(maxDuration = "2m")
    void tableFileContent(byte[] content) {
        byte[] data = new byte[content.length + 4];
        System.arraycopy(content, 0, data, 0, content.length);
        int crc = Checksums.crc32c(data, 0, content.length);
        for (int i = 0; i < 4; i++) {
            data[content.length + i] = (byte) (crc >>> (24 - 8 * i));
        }
        readTable(data);
    }

    private static void readWal(byte[] data) {
        try {
            WalReader.Result result = WalReader.read(FILE, data, null, batch -> {
                assertTrue(batch.ops() != null);
            });
            assertTrue(result.validEnd() <= data.length, "valid end past the data: " + result);
        } catch (CorruptionException expected) {
            // a clean report of damage
        } catch (dev.mikrodb.EncryptionKeyException expected) {
            // a well-formed segment whose encryption flag disagrees with the database: a clear, typed refusal
        }
    }

    private static void readTable(byte[] data) {
        try {
            TableFile.decode(FILE, "t", data, null, new TableFile.Sink() {
                @Override
                public void item(StoredItem item) {
                    assertTrue(item.key() != null && item.value() != null);
                }

                @Override
                public void tombstone(String key) {
                    assertTrue(key != null);
                }
            });
        } catch (CorruptionException expected) {
            // a clean report of damage
        } catch (dev.mikrodb.EncryptionKeyException expected) {
            // a well-formed file whose encryption flag disagrees with the database: a clear, typed refusal
        }
    }

    /** A segment header, then one record frame around {@code payload}, checksums right. */
    static byte[] segment(byte[] payload) {
        byte[] header = WalFormat.header(false, NO_NONCE, 0);
        ByteWriter w = new ByteWriter(header.length + WalFormat.RECORD_HEADER_BYTES + payload.length);
        w.bytes(header).i32(payload.length).i32(Checksums.crc32cOfInt(payload.length))
                .i32(Checksums.crc32c(payload, 0, payload.length)).bytes(payload);
        return w.toByteArray();
    }
}
