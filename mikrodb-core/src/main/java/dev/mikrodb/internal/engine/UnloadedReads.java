package dev.mikrodb.internal.engine;

import dev.mikrodb.Item;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.StoredItem;
import dev.mikrodb.internal.storage.TableFileLookup;
import dev.mikrodb.internal.storage.TableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Point reads of tables that are not loaded, straight from their files, so that the first get after opening a
 * database (or after a table was evicted) reads one bucket of each file instead of decoding the whole table. After
 * {@link #READS_BEFORE_LOAD} such reads a table is loaded as before: a loaded table answers a get in memory.
 *
 * <p>Why a read from files is current: a table that is not loaded has all its committed data in its files (a write
 * loads its table first, only clean tables are evicted, and only loaded tables are checkpointed). The files are
 * opened under the load lock while the table is not loaded, and {@link #invalidate} runs before a load publishes the
 * table and when a drop commits; a read whose handle is still valid after reading saw files no commit had yet
 * superseded. Anything else (an older file format, a handle closed under it, too many tables open) answers
 * {@link Answer#NOT_SERVED} and the caller loads the table.
 */
final class UnloadedReads {
    /** Point reads served from a table's files before it is loaded instead. */
    static final int READS_BEFORE_LOAD = 64;
    /** Tables whose files are held open for point reads at once; more are loaded instead. */
    static final int MAX_OPEN_TABLES = 64;

    /** The outcome of a point read: whether it was served, and the record (null when the key has none). */
    record Answer(boolean served, Record record) {
        static final Answer NOT_SERVED = new Answer(false, null);

        Optional<Item> item() {
            return record == null ? Optional.empty() : Optional.of(record.toItem());
        }
    }

    /** One table's files open for point reads, newest first; valid until the table loads or is dropped. */
    private static final class OpenFiles {
        final List<TableFileLookup> newestFirst;
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean valid = true;

        OpenFiles(List<TableFileLookup> newestFirst) {
            this.newestFirst = newestFirst;
        }

        void close() {
            valid = false;
            for (TableFileLookup f : newestFirst) {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // read-only handles: nothing is lost
                }
            }
        }
    }

    private final ConcurrentHashMap<String, OpenFiles> open = new ConcurrentHashMap<>();
    private final FileLayer files;
    private final Path directory;
    private final AesGcm cipher;

    UnloadedReads(FileLayer files, Path directory, AesGcm cipher) {
        this.files = files;
        this.directory = directory;
        this.cipher = cipher;
    }

    /** Whether files of {@code name} are open for point reads (for tests and stats). */
    boolean isOpen(String name) {
        return open.containsKey(name);
    }

    /**
     * Under the load lock, with {@code name} not loaded: opens its files unless they are open. False when they cannot
     * serve point reads (an older format, no files, the open-table limit).
     */
    boolean openUnderLoadLock(String name, TableFiles.Present present) throws IOException {
        if (open.containsKey(name)) {
            return true;
        }
        if (present == null || !present.base() || open.size() >= MAX_OPEN_TABLES) {
            return false;
        }
        List<TableFileLookup> opened = new ArrayList<>();
        try {
            TableFileLookup base = TableFileLookup.open(files, TableFiles.base(directory, name), name, cipher);
            if (base == null) {
                return false;
            }
            opened.add(base);
            for (long seq : present.deltas()) {
                if (seq > base.header().seq()) { // deltas at or below the base's number were folded into it
                    TableFileLookup delta = TableFileLookup.open(files, TableFiles.delta(directory, name, seq), name,
                            cipher);
                    if (delta == null) {
                        new OpenFiles(opened).close();
                        return false;
                    }
                    opened.add(0, delta);
                }
            }
        } catch (IOException | RuntimeException e) {
            new OpenFiles(opened).close();
            throw e;
        }
        open.put(name, new OpenFiles(opened));
        return true;
    }

    /** Reads {@code key} from the open files of {@code name}, newest file first; an expired item is not served. */
    Answer read(String name, String key, long now) {
        OpenFiles files = open.get(name);
        if (files == null || files.reads.incrementAndGet() > READS_BEFORE_LOAD) {
            return Answer.NOT_SERVED;
        }
        StoredItem found = null;
        try {
            for (TableFileLookup f : files.newestFirst) {
                found = f.find(key);
                if (found != null) {
                    break;
                }
            }
        } catch (IOException e) {
            return Answer.NOT_SERVED; // closed under us (the table is loading), or a read failed: loading reports it
        }
        if (!files.valid) {
            return Answer.NOT_SERVED;
        }
        if (found == null || found == TableFileLookup.REMOVED) {
            return new Answer(true, null);
        }
        Record record = Record.of(found);
        return record.isExpiredAt(now) ? Answer.NOT_SERVED : new Answer(true, record);
    }

    /** Before a load of {@code name} publishes the table, and when a drop of it commits: its open files are stale. */
    void invalidate(String name) {
        OpenFiles files = open.remove(name);
        if (files != null) {
            files.close();
        }
    }

    void closeAll() {
        for (String name : List.copyOf(open.keySet())) {
            invalidate(name);
        }
    }
}
