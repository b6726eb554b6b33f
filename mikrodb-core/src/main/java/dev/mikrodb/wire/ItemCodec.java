package dev.mikrodb.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mikrodb.Item;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.api.ItemAccess;
import dev.mikrodb.internal.json.JsonStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Items on the wire. With metadata an item is {@code {"key", "value", "version", "timestamp", "expiration",
 * "createRevision", "modRevision"}} (expiration null when none): the shape of {@code POST /get} with {@code withMetadata}, dumps, exports and the shell's
 * JSON output. A single item by key travels as its bare value with the metadata in headers.
 */
public final class ItemCodec {
    private ItemCodec() {
    }

    /** Writes one item with metadata; the value is copied as stored, never re-encoded. */
    public static void write(JsonGenerator g, Item item) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", item.key());
        writeFields(g, item);
        g.writeEndObject();
    }

    /** The fields of an item object after its key: value (as stored) and metadata. */
    static void writeFields(JsonGenerator g, Item item) throws IOException {
        g.writeFieldName("value");
        g.writeRawValue(new RawValue(ItemAccess.json(item)));
        g.writeNumberField("version", item.version());
        g.writeNumberField("timestamp", item.timestamp());
        if (item.hasExpiration()) {
            g.writeNumberField("expiration", item.expiration());
        } else {
            g.writeNullField("expiration");
        }
        g.writeNumberField("createRevision", item.createRevision());
        g.writeNumberField("modRevision", item.modRevision());
    }

    /** One item with metadata, as bytes. */
    public static byte[] toBytes(Item item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator g = JsonStreams.FACTORY.createGenerator(out)) {
            write(g, item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JSON array of items: with metadata, or of bare values. */
    public static byte[] toBytes(List<Item> items, boolean withMetadata, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, items.size() * 96));
        try (JsonGenerator g = JsonStreams.FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.writeStartArray();
            for (Item item : items) {
                if (withMetadata) {
                    write(g, item);
                } else {
                    g.writeRawValue(new RawValue(ItemAccess.json(item)));
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads an array of items with metadata (an answer of {@code POST /get} with {@code withMetadata}). */
    public static List<Item> readArray(byte[] json) {
        List<Item> items = new ArrayList<>();
        try (JsonParser p = JsonStreams.FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                items.add(readObject(p, json));
            }
            expect(p.currentToken(), JsonToken.END_ARRAY);
        } catch (IOException e) {
            throw new ValidationException("answer is not a JSON array of items: " + e.getMessage());
        }
        return items;
    }

    /** Reads the item object at the parser's current START_OBJECT; leaves the parser on its END_OBJECT. */
    static Item readObject(JsonParser p, byte[] source) throws IOException {
        Item item = readFields(p, source, null);
        if (item == null || item.key() == null) {
            throw new ValidationException("an item in the answer lacks its key or value");
        }
        return item;
    }

    /**
     * Reads an item object at the parser's current START_OBJECT, leaving the parser on its END_OBJECT: the key is
     * the object's own, or {@code keyIfAbsent}; null when the object has no value.
     */
    static Item readFields(JsonParser p, byte[] source, String keyIfAbsent) throws IOException {
        String key = keyIfAbsent;
        byte[] value = null;
        long version = 0;
        long timestamp = 0;
        long expiration = 0;
        long createRevision = 0;
        long modRevision = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "key" -> key = p.getText();
                case "value" -> value = RawValueReader.valueBytes(p, source);
                case "version" -> version = p.getLongValue();
                case "timestamp" -> timestamp = p.getLongValue();
                case "expiration" -> expiration = t == JsonToken.VALUE_NULL ? 0 : p.getLongValue();
                case "createRevision" -> createRevision = p.getLongValue();
                case "modRevision" -> modRevision = p.getLongValue();
                default -> p.skipChildren();
            }
        }
        return value == null ? null
                : ItemAccess.item(key, value, version, timestamp, expiration, createRevision, modRevision);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new ValidationException("answer is malformed: expected " + expected + ", found " + actual);
        }
    }

    /** The headers that carry a single item's metadata. */
    public static void writeHeaders(Item item, BiConsumer<String, String> header) {
        String version = Long.toString(item.version());
        header.accept(WireHeaders.ETAG, '"' + version + '"');
        header.accept(WireHeaders.VERSION, version);
        header.accept(WireHeaders.TIMESTAMP, String.valueOf(item.timestamp()));
        if (item.hasExpiration()) {
            header.accept(WireHeaders.EXPIRATION, String.valueOf(item.expiration()));
        }
        header.accept(WireHeaders.CREATE_REVISION, String.valueOf(item.createRevision()));
        header.accept(WireHeaders.MOD_REVISION, String.valueOf(item.modRevision()));
    }

    /** An item from a bare-value body and its metadata headers. */
    public static Item fromHeaders(String key, byte[] body, Function<String, Optional<String>> header) {
        return ItemAccess.item(key, body, longHeader(header, WireHeaders.VERSION),
                longHeader(header, WireHeaders.TIMESTAMP), longHeader(header, WireHeaders.EXPIRATION),
                longHeader(header, WireHeaders.CREATE_REVISION), longHeader(header, WireHeaders.MOD_REVISION));
    }

    private static long longHeader(Function<String, Optional<String>> header, String name) {
        return header.apply(name).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new ValidationException("header " + name + " is not a number: " + v);
            }
        }).orElse(0L);
    }
}
