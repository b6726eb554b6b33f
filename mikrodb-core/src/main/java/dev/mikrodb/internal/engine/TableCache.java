package dev.mikrodb.internal.engine;

import dev.mikrodb.StorageException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.TableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The loaded tables, loading on first access and choosing eviction victims in least-recently-used order.
 *
 * <p>A table is in {@link #loaded} either because it was read from its file, because a write created it, or as an
 * empty placeholder taken by a write that has not committed yet; {@link Table#dirty} and the file tell them apart.
 * Loads are serialized by {@link #loadLock} (lock order: checkpoint lock, load lock, commit lock).
 */
final class TableCache {
    final ConcurrentHashMap<String, Table> loaded = new ConcurrentHashMap<>();
    final ReentrantLock loadLock = new ReentrantLock();
    private final FileLayer files;
    private final Path directory;
    private final AesGcm cipher;
    private final AtomicLong accessCounter = new AtomicLong();

    TableCache(FileLayer files, Path directory, AesGcm cipher) {
        this.files = files;
        this.directory = directory;
        this.cipher = cipher;
    }

    /** The table, loading it from disk if needed; null when it has neither a file nor committed data. */
    Table find(String name) {
        Table t = loaded.get(name);
        if (t == null) {
            t = load(name, false);
        }
        if (t != null) {
            touch(t);
        }
        return t;
    }

    /** The table, loading or creating (as an in-memory placeholder) as needed. */
    Table findOrCreate(String name) {
        Table t = loaded.get(name);
        if (t == null) {
            t = load(name, true);
        }
        touch(t);
        return t;
    }

    private Table load(String name, boolean create) {
        loadLock.lock();
        try {
            Table t = loaded.get(name);
            if (t != null) {
                return t;
            }
            Path file = TableFile.path(directory, name);
            if (files.exists(file)) {
                t = readFile(name);
            } else if (create) {
                t = new Table(name);
            } else {
                return null;
            }
            loaded.put(name, t);
            return t;
        } finally {
            loadLock.unlock();
        }
    }

    /** Decodes a table file into a new, clean table object. */
    Table readFile(String name) {
        Path file = TableFile.path(directory, name);
        byte[] data;
        try {
            data = files.readAll(file);
        } catch (IOException e) {
            throw new StorageException("cannot read table file " + file + ": " + e.getMessage(), e);
        }
        Table t = new Table(name);
        TableFile.decode(file, name, data, cipher,
                (key, version, timestamp, expiration, value) -> t.put(new Record(key, value, version, timestamp,
                        expiration)));
        t.onDisk = true;
        return t;
    }

    boolean fileExists(String name) {
        return files.exists(TableFile.path(directory, name));
    }

    /** Names of tables that exist: on disk, or created by a committed write. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (Path p : files.list(directory)) {
                String name = TableFile.tableNameOf(p);
                if (name != null) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list database directory " + directory + ": " + e.getMessage(), e);
        }
        for (Table t : loaded.values()) {
            if (t.exists()) { // created by a write and not checkpointed yet
                names.add(t.name);
            }
        }
        return new ArrayList<>(names);
    }

    void touch(Table t) {
        t.lastAccess = accessCounter.incrementAndGet();
    }

    long loadedBytes() {
        long sum = 0;
        for (Table t : loaded.values()) {
            sum += t.estimatedBytes;
        }
        return sum;
    }

    /** The least recently used loaded table other than {@code keep}, or null. */
    Table leastRecentlyUsed(Table keep) {
        Table victim = null;
        for (Table t : loaded.values()) {
            if (t != keep && (victim == null || t.lastAccess < victim.lastAccess)) {
                victim = t;
            }
        }
        return victim;
    }
}
