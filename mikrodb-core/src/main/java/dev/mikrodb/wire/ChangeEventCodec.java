package dev.mikrodb.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Item;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.api.ItemAccess;
import dev.mikrodb.internal.json.JsonStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Change events on the wire (SSE {@code data:}, webhook bodies, the shell's {@code watch}): the seed's payload
 * {@code {"operation", "table", "key", "record": {"value", "version", "timestamp", "expiration", "createRevision",
 * "modRevision"}}} plus the event's {@code version}, {@code timestamp} and {@code revision}, and {@code previous} (an
 * item like {@code record}) when the subscriber asked for it. {@code key} and {@code record} are absent for
 * {@code table.deleted}.
 */
public final class ChangeEventCodec {
    private ChangeEventCodec() {
    }

    public static byte[] toBytes(ChangeEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JsonStreams.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("operation", event.operation());
            g.writeStringField("table", event.table());
            if (event.key() != null) {
                g.writeStringField("key", event.key());
            }
            writeItem(g, "record", event.record());
            writeItem(g, "previous", event.previous());
            g.writeNumberField("version", event.version());
            g.writeNumberField("timestamp", event.timestamp());
            g.writeNumberField("revision", event.revision());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeItem(JsonGenerator g, String name, Item item) throws IOException {
        if (item != null) {
            g.writeObjectFieldStart(name);
            ItemCodec.writeFields(g, item);
            g.writeEndObject();
        }
    }

    public static String toText(ChangeEvent event) {
        return new String(toBytes(event), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads an event this codec wrote; the record's value keeps its bytes. */
    public static ChangeEvent read(byte[] json) {
        String operation = null;
        String table = null;
        String key = null;
        long version = 0;
        long timestamp = 0;
        long revision = 0;
        Item record = null;
        Item previous = null;
        try (JsonParser p = JsonStreams.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ValidationException("change event is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "operation" -> operation = p.getText();
                    case "table" -> table = p.getText();
                    case "key" -> key = p.getText();
                    case "version" -> version = p.getLongValue();
                    case "timestamp" -> timestamp = p.getLongValue();
                    case "revision" -> revision = p.getLongValue();
                    // the key is filled in after: "key" may follow the items in the event
                    case "record" -> record = ItemCodec.readFields(p, json, key);
                    case "previous" -> previous = ItemCodec.readFields(p, json, key);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new ValidationException("change event is not valid JSON: " + e.getMessage());
        }
        if (operation == null || table == null) {
            throw new ValidationException("change event lacks its operation or table");
        }
        return new ChangeEvent(operation, table, key, withKey(record, key), version, timestamp, revision,
                withKey(previous, key));
    }

    private static Item withKey(Item item, String key) {
        if (item == null || java.util.Objects.equals(item.key(), key)) {
            return item;
        }
        return ItemAccess.item(key, ItemAccess.json(item), item.version(), item.timestamp(), item.expiration(),
                item.createRevision(), item.modRevision());
    }
}
