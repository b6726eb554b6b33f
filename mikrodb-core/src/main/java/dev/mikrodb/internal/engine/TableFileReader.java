package dev.mikrodb.internal.engine;

import dev.mikrodb.StorageException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.StoredItem;
import dev.mikrodb.internal.storage.TableFile;
import dev.mikrodb.internal.storage.TableFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Loads a table from its files: the base, then every delta after it, in order (the cache's loads go through it). */
final class TableFileReader {
    private TableFileReader() {
    }

    /** Reads table {@code name}'s base and the deltas after it into a new, clean table object. */
    static Table read(FileLayer files, Path directory, AesGcm cipher, TableCatalog catalog, String name) {
        TableFiles.Present present = catalog.present(name);
        if (present == null) {
            return Table.created(name, catalog.highestSeq(name));
        }
        Table t = Table.loaded(name, TableFileState.none(0));
        TableFile.Sink sink = new TableFile.Sink() {
            @Override
            public void item(StoredItem item) {
                t.load(Record.of(item));
            }

            @Override
            public void tombstone(String key) {
                t.unload(key);
            }
        };
        TableFileState state = TableFileState.none(0);
        long baseSeq = 0;
        long baseRevision = 0;
        if (present.base()) {
            Path base = TableFiles.base(directory, name);
            byte[] data = readAll(files, base);
            TableFile.Header header = TableFile.decode(base, name, data, cipher, sink);
            baseSeq = header.seq();
            baseRevision = header.revision();
            state = state.withBase(baseSeq);
            t.baseCurrentTo(baseRevision);
        }
        long revision = baseRevision;
        for (long seq : present.deltas()) {
            if (seq > baseSeq) { // deltas at or below the base's number were folded into it
                Path file = TableFiles.delta(directory, name, seq);
                byte[] data = readAll(files, file);
                revision = Math.max(revision, TableFile.decode(file, name, data, cipher, sink).revision());
                state = state.withDelta(seq, data.length);
            }
        }
        t.loaded();
        t.filesCurrentTo(revision, state.deltas() > 0);
        t.filesAre(new TableFileState(state.hasBase(), state.deltaBytes(), state.deltas(),
                Math.max(state.lastSeq(), present.highestDelta())));
        return t;
    }

    private static byte[] readAll(FileLayer files, Path file) {
        try {
            return files.readAll(file);
        } catch (IOException e) {
            throw new StorageException("cannot read table file " + file + ": " + e.getMessage(), e);
        }
    }
}
