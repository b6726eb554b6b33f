package dev.mikrodb.internal.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.internal.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json}, the last entry of a backup archive: format version, cut point, time, whether the files are
 * encrypted, counts, and every other entry's name, size and SHA-256 (docs/operations.md).
 */
public record BackupManifest(int format, long revision, int walSegment, long createdAt, boolean encrypted,
                             int databasesCount, int collectionsCount, List<FileEntry> files) {
    public static final int FORMAT = 1;
    public static final String ENTRY = "manifest.json";

    public record FileEntry(String name, long size, String sha256) {
    }

    public byte[] toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode().put("kind", "mikrodb-backup").put("format", format)
                .put("revision", revision).put("wal_segment", walSegment).put("created_at", createdAt)
                .put("encrypted", encrypted).put("databases_count", databasesCount)
                .put("collections_count", collectionsCount);
        ArrayNode list = o.putArray("files");
        for (FileEntry f : files) {
            list.addObject().put("name", f.name()).put("size", f.size()).put("sha256", f.sha256());
        }
        return Json.toBytes(o);
    }

    /** Parses a manifest; null when it is not one of ours (the caller reports which archive). */
    static BackupManifest parse(byte[] json) {
        JsonNode o;
        try {
            o = Json.parse(json);
        } catch (RuntimeException e) {
            return null;
        }
        if (!o.path("kind").asText().equals("mikrodb-backup") || !o.path("files").isArray()) {
            return null;
        }
        List<FileEntry> files = new ArrayList<>();
        for (JsonNode f : o.get("files")) {
            files.add(new FileEntry(f.path("name").asText(), f.path("size").asLong(-1), f.path("sha256").asText()));
        }
        return new BackupManifest(o.path("format").asInt(), o.path("revision").asLong(), o.path("wal_segment")
                .asInt(), o.path("created_at").asLong(), o.path("encrypted").asBoolean(), o.path("databases_count")
                .asInt(), o.path("collections_count").asInt(), files);
    }
}
