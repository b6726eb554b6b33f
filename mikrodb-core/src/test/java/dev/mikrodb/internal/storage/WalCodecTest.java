package dev.mikrodb.internal.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A WAL record's payload encodes names and keys as UTF-8 whatever characters they hold. */
class WalCodecTest {
    /** ASCII takes the direct copy; the others start ASCII and leave it at the start, middle or end. */
    private static final List<String> TEXTS = List.of("a", "users", "k".repeat(300), "\u00e9t\u00e9", "ab\u00e9",
            "caf\u00e9", "\u65e5\u672c", "x\ud83d\ude00y", "\ud83d\ude00", "\u007f\u0080");

    @Test
    void namesAndKeysOfEveryKindOfTextReadBackAsTheirUtf8Bytes() {
        WalCodec.Encoder encoder = new WalCodec.Encoder();
        for (String table : TEXTS) {
            for (String key : TEXTS) {
                StoredItem item = new StoredItem(key, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 3, 7, 0, 2, 9);
                WalBatch batch = new WalBatch(9, 7, List.of(WalOp.put(table, item, null),
                        WalOp.delete(table, item), WalOp.dropTable(table)));
                ByteWriter w = encoder.encode(batch);
                byte[] payload = Arrays.copyOfRange(w.array(), WalFormat.RECORD_HEADER_BYTES, w.length());
                WalBatch read = WalCodec.decode(payload);
                for (WalOp op : read.ops()) {
                    assertEquals(table, op.table());
                }
                assertEquals(key, read.ops().get(0).key());
                assertEquals(key, read.ops().get(1).key());
                assertArrayEquals(item.value(), read.ops().get(0).item().value());
                int nameAt = WalFormat.RECORD_HEADER_BYTES + 8 + 8 + 4 + 1;
                byte[] utf8 = table.getBytes(StandardCharsets.UTF_8);
                assertEquals(utf8.length, ((w.array()[nameAt] & 0xff) << 8) | (w.array()[nameAt + 1] & 0xff),
                        "the name's length counts UTF-8 bytes, not characters");
                assertArrayEquals(utf8, Arrays.copyOfRange(w.array(), nameAt + 2, nameAt + 2 + utf8.length));
            }
        }
    }

    /**
     * Names and keys are checked far below 65,535 bytes before they get here; should one slip through, writing its
     * length modulo 65,536 would make the record read back as a different, shorter name: refused instead.
     */
    @Test
    void aNameTooLongForItsTwoByteLengthIsRefusedNotTruncated() {
        ByteWriter w = new ByteWriter(16);
        w.utf8WithU16Length("n".repeat(0xFFFF));
        assertEquals(2 + 0xFFFF, w.length());
        assertThrows(IllegalArgumentException.class, () -> w.utf8WithU16Length("n".repeat(0x10000)));
        assertThrows(IllegalArgumentException.class, () -> w.utf8WithU16Length("\u00e9".repeat(0x8000)));
        assertEquals(2 + 0xFFFF, w.length(), "a refused name writes nothing");
    }
}
