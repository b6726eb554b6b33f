package dev.mikrodb.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mikrodb.Item;
import dev.mikrodb.StorageException;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.StorageFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes a table's items, sorted by key, as a plain JSON array: the seed's {@code <table>_dump.json} export. */
final class DumpWriter {
    private final FileLayer files;

    DumpWriter(FileLayer files) {
        this.files = files;
    }

    /** Writes {@code items} to {@code target} atomically (temp file, fsync, rename). */
    void write(String tableName, List<Item> items, Path target) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::key));
        byte[] json = encode(tableName, sorted);
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (StorageFile f = files.create(temp)) {
                f.write(ByteBuffer.wrap(json));
                f.force();
            }
            files.moveAtomically(temp, target);
        } catch (IOException e) {
            throw new StorageException("cannot write dump " + target + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encode(String tableName, List<Item> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (Item item : items) {
                g.writeStartObject();
                g.writeStringField("key", item.key());
                g.writeFieldName("value");
                g.writeRawValue(item.valueJson());
                g.writeNumberField("version", item.version());
                g.writeNumberField("timestamp", item.timestamp());
                if (item.hasExpiration()) {
                    g.writeNumberField("expiration", item.expiration());
                } else {
                    g.writeNullField("expiration");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new StorageException("cannot encode dump of '" + tableName + "': " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
