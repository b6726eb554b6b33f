package dev.mikrodb.internal.engine;

import dev.mikrodb.Item;
import dev.mikrodb.StorageException;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.StorageFile;
import dev.mikrodb.wire.ItemCodec;
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
    void write(List<Item> items, Path target) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::key));
        byte[] json = ItemCodec.toBytes(sorted, true, true);
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
}
