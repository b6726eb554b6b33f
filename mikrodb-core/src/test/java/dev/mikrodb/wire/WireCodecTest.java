package dev.mikrodb.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Item;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.api.ItemAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format: what one side writes, the other reads back unchanged, values byte for byte. */
class WireCodecTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Item item(String key, String json, long version, long expiration) {
        return ItemAccess.item(key, utf8(json), version, 1_700_000_000_000L, expiration);
    }

    @Test
    void itemsWithMetadataRoundTripWithValuesByteForByte() {
        List<Item> items = List.of(item("a", "{\"n\" : 1.50, \"s\":\"\\u00e9x\"}", 3, 0),
                item("b", "[1,2,[3]]", 1, 1_800_000_000_000L), item("c", "\"text\"", 2, 0), item("d", "12.0e3", 4, 0),
                item("e", "null", 1, 0), item("k\u00e9y", "true", 9, 0));
        List<Item> back = ItemCodec.readArray(ItemCodec.toBytes(items, true, false));
        assertEquals(items.size(), back.size());
        for (int i = 0; i < items.size(); i++) {
            Item a = items.get(i);
            Item b = back.get(i);
            assertEquals(a.key(), b.key());
            assertEquals(a.valueJson(), b.valueJson(), "value bytes are kept exactly, spacing and all");
            assertEquals(a.version(), b.version());
            assertEquals(a.timestamp(), b.timestamp());
            assertEquals(a.expiration(), b.expiration());
        }
        assertEquals("[{\"n\" : 1.50, \"s\":\"\\u00e9x\"},[1,2,[3]]]",
                new String(ItemCodec.toBytes(items.subList(0, 2), false, false), StandardCharsets.UTF_8));
    }

    @Test
    void changeEventsRoundTrip() {
        ChangeEvent written = new ChangeEvent(ChangeEvent.ITEM_WRITTEN, "users", "u1",
                item("u1", "{\"name\":\"Ada\"}", 2, 0), 2, 123, 77);
        ChangeEvent back = ChangeEventCodec.read(ChangeEventCodec.toBytes(written));
        assertEquals(written.operation(), back.operation());
        assertEquals("users", back.table());
        assertEquals("u1", back.key());
        assertEquals("{\"name\":\"Ada\"}", back.record().valueJson());
        assertEquals(2, back.record().version());
        assertEquals(123, back.timestamp());
        assertEquals(77, back.revision());
        assertNull(back.previous());
        ChangeEvent replaced = ChangeEventCodec.read(ChangeEventCodec.toBytes(new ChangeEvent(
                ChangeEvent.ITEM_WRITTEN, "users", "u1", item("u1", "{\"name\":\"Ada\"}", 2, 0), 2, 123, 77,
                item("u1", "{\"name\":\"Al\"}", 1, 0))));
        assertEquals("{\"name\":\"Al\"}", replaced.previous().valueJson());
        assertEquals(1, replaced.previous().version());
        assertEquals("u1", replaced.previous().key(), "the item takes the event's key");
        ChangeEvent dropped = ChangeEventCodec.read(ChangeEventCodec.toBytes(new ChangeEvent(
                ChangeEvent.TABLE_DELETED, "users", null, null, 0, 5, 78)));
        assertNull(dropped.key());
        assertNull(dropped.record());
    }

    @Test
    void writeRequestsRoundTripAndTtlIsSecondsOnTheWire() {
        WriteRequest r = WriteRequest.builder("t", "k").value(java.util.Map.of("a", 1)).expectedVersion(4)
                .ttl(Duration.ofMillis(1500)).flushImmediately(true).build();
        var json = WriteRequestCodec.toJson(r);
        assertEquals(1.5, json.get("ttl").doubleValue());
        WriteRequest back = WriteRequestCodec.read(json, "");
        assertEquals(Duration.ofMillis(1500), back.ttl());
        assertEquals(4L, back.expectedVersion());
        assertTrue(back.flushImmediately());
        assertThrows(ValidationException.class, () -> WriteRequestCodec.ttl(0, "ttl"));
        assertThrows(ValidationException.class, () -> WriteRequestCodec.ttl(Double.NaN, "ttl"));
    }

    @Test
    void strictParsingRefusesTrailingDataMalformedUtf8AndInfiniteNumbers() {
        assertEquals(1, WireJson.parse("{\"a\":1}  \n", "body").get("a").intValue());
        ValidationException trailing = assertThrows(ValidationException.class,
                () -> WireJson.parse("{\"a\":1}{\"a\":2}", "body"));
        assertTrue(trailing.getMessage().contains("data after the JSON value"), trailing.getMessage());
        assertThrows(ValidationException.class, () -> WireJson.parse("{\"a\":1} GARBAGE", "body"));
        for (byte[] bad : List.of(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'},
                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'},
                new byte[] {'"', (byte) 0xE2, (byte) 0x82, '"'})) {
            ValidationException e = assertThrows(ValidationException.class, () -> WireJson.parse(bad, "body"));
            assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        }
        assertEquals("\u20ac\uD83D\uDE00", WireJson.parse(utf8("\"\u20ac\uD83D\uDE00\""), "body").textValue());
        ValidationException huge = assertThrows(ValidationException.class, () -> WireJson.parse("[1e999]", "body"));
        assertTrue(huge.getMessage().contains("outside the range"), huge.getMessage());
        assertThrows(ValidationException.class, () -> WireJson.parse("{\"a\": -1e999}", "body"));
        assertEquals("123456789012345678901234567890",
                WireJson.parse("123456789012345678901234567890", "body").bigIntegerValue().toString(),
                "big integers stay exact");
    }
}
