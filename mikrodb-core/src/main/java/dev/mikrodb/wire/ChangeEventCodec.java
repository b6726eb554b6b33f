package dev.mikrodb.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Item;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.api.ItemAccess;
import dev.mikrodb.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Change events on the wire (SSE {@code data:}, webhook bodies, the shell's {@code watch}): the seed's payload
 * {@code {"operation", "table", "key", "record": {"value", "version", "timestamp", "expiration", "createRevision",
 * "modRevision"}}} plus the event's {@code version}, {@code timestamp} and {@code revision}. {@code key} and {@code record} are absent for {@code table.deleted}.
 */
public final class ChangeEventCodec {
    private ChangeEventCodec() {
    }

    public static byte[] toBytes(ChangeEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("operation", event.operation());
            g.writeStringField("table", event.table());
            if (event.key() != null) {
                g.writeStringField("key", event.key());
            }
            Item record = event.record();
            if (record != null) {
                g.writeObjectFieldStart("record");
                g.writeFieldName("value");
                g.writeRawValue(new RawValue(ItemAccess.json(record)));
                g.writeNumberField("version", record.version());
                g.writeNumberField("timestamp", record.timestamp());
                if (record.hasExpiration()) {
                    g.writeNumberField("expiration", record.expiration());
                } else {
                    g.writeNullField("expiration");
                }
                g.writeNumberField("createRevision", record.createRevision());
                g.writeNumberField("modRevision", record.modRevision());
                g.writeEndObject();
            }
            g.writeNumberField("version", event.version());
            g.writeNumberField("timestamp", event.timestamp());
            g.writeNumberField("revision", event.revision());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
        byte[] value = null;
        long createRevision = 0;
        long modRevision = 0;
        long recordVersion = 0;
        long recordTimestamp = 0;
        long recordExpiration = 0;
        try (JsonParser p = Json.MAPPER.createParser(json)) {
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
                    case "record" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken t = p.nextToken();
                            switch (f) {
                                case "value" -> value = RawJson.valueBytes(p, json);
                                case "version" -> recordVersion = p.getLongValue();
                                case "timestamp" -> recordTimestamp = p.getLongValue();
                                case "expiration" -> recordExpiration = t == JsonToken.VALUE_NULL ? 0
                                        : p.getLongValue();
                                case "createRevision" -> createRevision = p.getLongValue();
                                case "modRevision" -> modRevision = p.getLongValue();
                                default -> p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new ValidationException("change event is not valid JSON: " + e.getMessage());
        }
        if (operation == null || table == null) {
            throw new ValidationException("change event lacks its operation or table");
        }
        Item record = value == null ? null : ItemAccess.item(key, value, recordVersion, recordTimestamp,
                recordExpiration, createRevision, modRevision);
        return new ChangeEvent(operation, table, key, record, version, timestamp, revision);
    }
}
