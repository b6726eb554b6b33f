package dev.mikrodb.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.DatabaseClosedException;
import dev.mikrodb.Durability;
import dev.mikrodb.Item;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.Query;
import dev.mikrodb.StorageException;
import dev.mikrodb.Subscription;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.WebhookTarget;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.events.EventBus;
import dev.mikrodb.internal.events.WebhookListener;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.storage.DirectoryLock;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.MetaFile;
import dev.mikrodb.internal.storage.StorageFile;
import dev.mikrodb.internal.storage.TableFile;
import dev.mikrodb.internal.storage.WalOp;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded database engine behind {@code MikroDB}.
 *
 * <p>Threading: every mutation runs under {@link #commitLock}: check versions, append to the WAL, apply to memory,
 * queue change events. That makes version assignment, WAL order, memory order and event order one and the same.
 * Point reads take no lock. Scans hold their table's read lock. Durability waits (sync mode) happen after the commit
 * lock is released, so concurrent writers share an fsync. Lock order: checkpoint, load, commit, table scan lock.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb");
    /** The largest value accepted, as UTF-8 JSON. */
    public static final int MAX_VALUE_BYTES = 16 << 20;
    /** Tables at least this large are queried in parallel (when the filter and sort are JSON, hence stateless). */
    static final int PARALLEL_SCAN_ITEMS = 20_000;

    private final MikroOptions options;
    private final Path directory;
    private final Clock clock;
    private final FileLayer files;
    private final DirectoryLock directoryLock;
    private final AesGcm cipher;
    private final TableCache cache;
    private final WriteAheadLog wal;
    private final Checkpointer checkpointer;
    private final EventBus events;
    private final ScheduledExecutorService maintenance;
    private final ReentrantLock commitLock = new ReentrantLock();
    private final AtomicBoolean checkpointQueued = new AtomicBoolean();
    /** Guarded by commitLock. */
    private long writesSinceCheckpoint;
    private volatile long lastCheckpointNanos = System.nanoTime();
    /** The interval tick checkpoints anything dirty at least this often, so table files never fall far behind. */
    private static final int MAX_INTERVALS_BETWEEN_CHECKPOINTS = 30;
    private volatile boolean closed;

    private Database(MikroOptions options, FileLayer files, Path directory, DirectoryLock lock, AesGcm cipher,
                     TableCache cache, WriteAheadLog wal) {
        this.options = options;
        this.files = files;
        this.directory = directory;
        this.clock = options.clock();
        this.directoryLock = lock;
        this.cipher = cipher;
        this.cache = cache;
        this.wal = wal;
        this.checkpointer = new Checkpointer(commitLock, cache, wal, files, directory, cipher, () -> {
            writesSinceCheckpoint = 0;
            lastCheckpointNanos = System.nanoTime();
        });
        this.events = new EventBus(options.eventQueueCapacity(), this::awaitDurableForEvents);
        for (MikroOptions.ListenerRegistration r : options.listeners()) {
            events.subscribe("listener-" + (r.event() == null ? "all" : r.event()), null,
                    r.event() == null ? Set.of() : Set.of(r.event()), r.listener());
        }
        for (WebhookTarget target : options.webhooks()) {
            events.subscribe("webhook-" + target.name(), null, Set.copyOf(target.events()),
                    new WebhookListener(target, 200));
        }
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mikrodb-maintenance-" + directory.getFileName());
            t.setDaemon(true);
            return t;
        });
        long interval = options.walInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Opens (creating if needed) the database directory, recovering whatever the last run left in the WAL. */
    public static Database open(MikroOptions options, FileLayer files) {
        Path directory = options.databaseDirectory().toAbsolutePath().normalize();
        try {
            files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create database directory " + directory + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory);
        try {
            boolean hasData = false;
            for (Path p : files.list(directory)) {
                String name = p.getFileName().toString();
                hasData |= TableFile.tableNameOf(p) != null || name.startsWith(options.walFileName());
            }
            AesGcm cipher = MetaFile.openOrCreate(files, directory, options.encryptionKey(), hasData);
            TableCache cache = new TableCache(files, directory, cipher);
            long started = System.nanoTime();
            Recovery.Outcome outcome = new Recovery(files, directory, options.walFileName(), cipher, cache).run();
            if (outcome.records() > 0 || options.debug()) {
                LOG.log(outcome.tornTail() ? Level.WARNING : Level.INFO, "opened " + directory + ": replayed "
                        + outcome.records() + " WAL records from " + outcome.segments() + " segment(s) into "
                        + outcome.tablesWritten() + " table(s) in " + (System.nanoTime() - started) / 1_000_000
                        + " ms" + (outcome.tornTail() ? "; a torn final record was dropped" : ""));
            }
            WriteAheadLog wal = WriteAheadLog.createFresh(files, directory, options.walFileName(), cipher,
                    options.durability(), options.maxWriteOpsBeforeFlush());
            return new Database(options, files, directory, lock, cipher, cache, wal);
        } catch (IOException e) {
            lock.close();
            throw new StorageException("cannot open database " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    public MikroOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- writes

    /** A validated write, ready to commit. */
    private record PendingWrite(WriteRequest request, String table, String key, byte[] json, long expiration) {
    }

    public List<Long> write(List<WriteRequest> requests) {
        checkOpen();
        if (requests == null || requests.isEmpty()) {
            throw new ValidationException("a write batch must contain at least one write");
        }
        long now = clock.millis();
        List<PendingWrite> pending = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            pending.add(validate(requests.get(i), now, requests.size() > 1 ? "write " + i + " of the batch: " : ""));
        }
        Map<String, Table> tables = new TreeMap<>();
        boolean flushImmediately = false;
        for (PendingWrite p : pending) {
            flushImmediately |= p.request().flushImmediately();
        }
        while (true) {
            for (PendingWrite p : pending) {
                tables.computeIfAbsent(p.table(), cache::findOrCreate);
            }
            long lsn;
            List<Long> versions;
            commitLock.lock();
            try {
                checkOpen();
                if (!stillLoaded(tables)) {
                    tables.clear();
                    continue; // a table was evicted between loading and locking; load it again
                }
                versions = new ArrayList<>(pending.size());
                lsn = commitWrites(pending, tables, now, versions);
            } finally {
                commitLock.unlock();
            }
            if (options.durability() == Durability.SYNC || flushImmediately) {
                wal.awaitDurable(lsn);
            }
            evictIfOverLimits(null);
            return versions;
        }
    }

    private PendingWrite validate(WriteRequest r, long now, String where) {
        if (r == null) {
            throw new ValidationException(where + "write request is missing");
        }
        try {
            Names.checkTableName(r.tableName());
            Names.checkKey(r.key());
            if (r.expectedVersion() != null && r.expectedVersion() < 0) {
                throw new ValidationException("expectedVersion must be 0 or more; got " + r.expectedVersion());
            }
            long expiration = 0;
            if (r.expiration() != null && r.ttl() != null) {
                throw new ValidationException("give expiration or ttl, not both");
            }
            if (r.expiration() != null) {
                expiration = r.expiration();
                if (expiration <= now) {
                    throw new ValidationException("expiration " + expiration + " is not in the future (now is "
                            + now + ")");
                }
            } else if (r.ttl() != null) {
                if (r.ttl().isNegative() || r.ttl().isZero()) {
                    throw new ValidationException("ttl must be positive; got " + r.ttl());
                }
                expiration = now + r.ttl().toMillis();
            }
            byte[] json = r.value() instanceof JsonNode node ? Json.toBytes(node) : Json.toBytes(r.value());
            if (json.length > MAX_VALUE_BYTES) {
                throw new ValidationException("value of '" + r.key() + "' is " + json.length
                        + " bytes as JSON; the limit is " + MAX_VALUE_BYTES);
            }
            return new PendingWrite(r, r.tableName(), r.key(), json, expiration);
        } catch (ValidationException e) {
            throw where.isEmpty() ? e : new ValidationException(where + e.getMessage());
        }
    }

    private boolean stillLoaded(Map<String, Table> tables) {
        for (Table t : tables.values()) {
            if (cache.loaded.get(t.name) != t) {
                return false;
            }
        }
        return true;
    }

    /** Under the commit lock: version checks, one WAL record, apply, events. Returns the record's end LSN. */
    private long commitWrites(List<PendingWrite> pending, Map<String, Table> tables, long now, List<Long> versions) {
        Map<String, Record> staged = new HashMap<>();
        List<Map.Entry<String, Record>> replacedExpired = new ArrayList<>();
        List<Record> records = new ArrayList<>(pending.size());
        List<WalOp> ops = new ArrayList<>(pending.size());
        for (PendingWrite p : pending) {
            String stagedKey = p.table() + '\u0000' + p.key();
            Record current = staged.containsKey(stagedKey) ? staged.get(stagedKey)
                    : tables.get(p.table()).items.get(p.key());
            if (current != null && current.isExpiredAt(now)) {
                replacedExpired.add(Map.entry(p.table(), current));
                current = null;
            }
            long currentVersion = current == null ? 0 : current.version;
            Long expected = p.request().expectedVersion();
            if (expected != null && expected != currentVersion) {
                throw new VersionConflictException(p.table(), p.key(), expected, currentVersion);
            }
            Record next = new Record(p.key(), p.json(), currentVersion + 1, now, p.expiration());
            staged.put(stagedKey, next);
            records.add(next);
            ops.add(WalOp.put(p.table(), p.key(), next.version, now, next.expiration, next.json));
        }
        long lsn = wal.append(ops);
        lockScans(tables);
        try {
            for (int i = 0; i < records.size(); i++) {
                Table t = tables.get(pending.get(i).table());
                t.put(records.get(i));
                t.dirty = true;
                t.written = true;
            }
        } finally {
            unlockScans(tables);
        }
        if (events.hasSubscribers()) {
            for (Map.Entry<String, Record> e : replacedExpired) {
                Record r = e.getValue();
                events.publish(new ChangeEvent(ChangeEvent.ITEM_EXPIRED, e.getKey(), r.key, r.toItem(), r.version,
                        now), lsn);
            }
            for (int i = 0; i < records.size(); i++) {
                Record r = records.get(i);
                events.publish(new ChangeEvent(ChangeEvent.ITEM_WRITTEN, pending.get(i).table(), r.key, r.toItem(),
                        r.version, now), lsn);
            }
        }
        afterCommit(records.size());
        versions.clear();
        for (Record r : records) {
            versions.add(r.version);
        }
        return lsn;
    }

    private static void lockScans(Map<String, Table> tables) {
        for (Table t : tables.values()) { // a TreeMap: always the same order
            t.scanLock.writeLock().lock();
        }
    }

    private static void unlockScans(Map<String, Table> tables) {
        for (Table t : tables.values()) {
            t.scanLock.writeLock().unlock();
        }
    }

    /**
     * Under the commit lock. Every maxWriteOpsBeforeFlush writes, requests a checkpoint if one is worth it; at once if
     * the WAL passes its size limit.
     */
    private void afterCommit(int writes) {
        long before = writesSinceCheckpoint;
        writesSinceCheckpoint += writes;
        long every = options.maxWriteOpsBeforeFlush();
        if (wal.activeSegmentBytes() >= options.maxWalBytes()
                || (before / every != writesSinceCheckpoint / every && checkpointWorthwhile())) {
            requestCheckpoint();
        }
    }

    /**
     * A checkpoint rewrites whole dirty tables, so it pays only once the WAL holds at least as many bytes as those
     * tables (or passes its size limit). That bounds the rewriting to one byte of table per byte of WAL, so the cost
     * of a write does not grow with the size of its table; the seed's "every 100 writes" would rewrite a 100,000-item
     * table a thousand times per 100,000 writes.
     */
    private boolean checkpointWorthwhile() {
        long walBytes = wal.activeSegmentBytes();
        if (walBytes >= options.maxWalBytes()) {
            return true;
        }
        long dirtyBytes = 0;
        for (Table t : cache.loaded.values()) {
            if (t.dirty) {
                dirtyBytes += t.estimatedBytes;
            }
        }
        return dirtyBytes > 0 && walBytes >= dirtyBytes;
    }

    private boolean anyDirty() {
        for (Table t : cache.loaded.values()) {
            if (t.dirty) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- deletes

    /** @param expectedVersion null for an unconditional delete */
    public boolean delete(String tableName, String key, Long expectedVersion) {
        checkOpen();
        Names.checkTableName(tableName);
        Names.checkKey(key);
        if (expectedVersion != null && expectedVersion < 0) {
            throw new ValidationException("expectedVersion must be 0 or more; got " + expectedVersion);
        }
        while (true) {
            Table t = findTable(tableName);
            long now = clock.millis();
            long lsn;
            commitLock.lock();
            try {
                checkOpen();
                if (t != null && cache.loaded.get(tableName) != t) {
                    continue;
                }
                Record current = t == null ? null : t.items.get(key);
                if (current != null && current.isExpiredAt(now)) {
                    removeExpiredLocked(t, current, now);
                    current = null;
                }
                long currentVersion = current == null ? 0 : current.version;
                if (expectedVersion != null && expectedVersion != currentVersion) {
                    throw new VersionConflictException(tableName, key, expectedVersion, currentVersion);
                }
                if (current == null) {
                    return false;
                }
                lsn = wal.append(List.of(WalOp.delete(tableName, key)));
                removeLocked(t, key);
                events.publish(new ChangeEvent(ChangeEvent.ITEM_DELETED, tableName, key, current.toItem(),
                        current.version, now), lsn);
                afterCommit(1);
            } finally {
                commitLock.unlock();
            }
            if (options.durability() == Durability.SYNC) {
                wal.awaitDurable(lsn);
            }
            return true;
        }
    }

    private void removeLocked(Table t, String key) {
        t.scanLock.writeLock().lock();
        try {
            t.remove(key);
            t.dirty = true;
            t.written = true;
        } finally {
            t.scanLock.writeLock().unlock();
        }
    }

    /** Under the commit lock: logs and applies the removal of an expired record, emitting item.expired once. */
    private long removeExpiredLocked(Table t, Record r, long now) {
        long lsn = wal.append(List.of(WalOp.delete(t.name, r.key)));
        removeLocked(t, r.key);
        events.publish(new ChangeEvent(ChangeEvent.ITEM_EXPIRED, t.name, r.key, r.toItem(), r.version, now), lsn);
        return lsn;
    }

    /** Removes {@code r} if it is still the current, expired record of its key; returns whether it did. */
    private boolean expire(Table t, Record r) {
        commitLock.lock();
        try {
            if (closed || cache.loaded.get(t.name) != t || t.items.get(r.key) != r) {
                return false;
            }
            removeExpiredLocked(t, r, clock.millis());
            afterCommit(1);
            return true;
        } catch (StorageException e) {
            // The item stays invisible to reads; the next sweep or read tries again.
            LOG.log(Level.WARNING, "could not remove expired item " + t.name + "/" + r.key + ": " + e.getMessage());
            return false;
        } finally {
            commitLock.unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * The table, loaded if needed (null if it does not exist). Only a load can push the cache over its limits here
     * (writes check after committing), so reads of loaded tables skip the check: it sums every table's bytes.
     */
    private Table findTable(String name) {
        Table t = cache.loaded.get(name);
        if (t != null) {
            cache.touch(t);
            return t;
        }
        t = cache.find(name);
        if (t != null) {
            evictIfOverLimits(t);
        }
        return t;
    }

    public Optional<Item> get(String tableName, String key) {
        checkOpen();
        Names.checkTableName(tableName);
        Names.checkKey(key);
        Table t = findTable(tableName);
        if (t == null) {
            return Optional.empty();
        }
        Record r = t.items.get(key);
        if (r == null) {
            return Optional.empty();
        }
        if (r.isExpiredAt(clock.millis())) {
            expire(t, r);
            return Optional.empty();
        }
        return Optional.of(r.toItem());
    }

    public List<Item> query(String tableName, Query query) {
        checkOpen();
        Names.checkTableName(tableName);
        Table t = findTable(tableName);
        if (t == null) {
            return List.of();
        }
        long now = clock.millis();
        dev.mikrodb.Filter filter = query.filter();
        Comparator<JsonNode> sort = query.sort();
        // Compiled JSON filters and sort specs are stateless, so large tables are scanned and sorted on all cores; a
        // Filter or Comparator written in Java might not be thread-safe and keeps to this thread.
        boolean parallel = t.items.size() >= PARALLEL_SCAN_ITEMS && (filter == null || query.filterJson() != null)
                && (sort == null || query.sortJson() != null);
        List<Record> matches;
        List<Record> expired = new ArrayList<>();
        t.scanLock.readLock().lock();
        try {
            if (parallel) {
                matches = t.items.values().parallelStream()
                        .filter(r -> !r.isExpiredAt(now) && (filter == null || filter.matches(r.tree())))
                        .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
                if (t.expiringCount > 0) {
                    t.items.values().forEach(r -> {
                        if (r.isExpiredAt(now)) {
                            expired.add(r);
                        }
                    });
                }
            } else {
                matches = new ArrayList<>();
                for (Record r : t.items.values()) {
                    if (r.isExpiredAt(now)) {
                        expired.add(r);
                    } else if (filter == null || filter.matches(r.tree())) {
                        matches.add(r);
                    }
                }
            }
        } finally {
            t.scanLock.readLock().unlock();
        }
        for (Record r : expired) {
            expire(t, r);
        }
        if (sort != null) {
            Comparator<Record> byValue = (a, b) -> sort.compare(a.tree(), b.tree());
            if (parallel) {
                Record[] sorted = matches.toArray(Record[]::new);
                java.util.Arrays.parallelSort(sorted, byValue); // stable, like List.sort
                matches = java.util.Arrays.asList(sorted);
            } else {
                matches.sort(byValue); // stable
            }
        }
        long from = Math.min(query.offset(), matches.size());
        long to = Math.min(matches.size(), from + Math.min(query.limit(), Integer.MAX_VALUE));
        List<Item> items = new ArrayList<>((int) (to - from));
        for (int i = (int) from; i < to; i++) {
            items.add(matches.get(i).toItem());
        }
        return items;
    }

    public long tableSize(String tableName) {
        checkOpen();
        Names.checkTableName(tableName);
        Table t = findTable(tableName);
        if (t == null) {
            return 0;
        }
        if (t.expiringCount == 0) {
            return t.items.size();
        }
        long now = clock.millis();
        return t.items.values().stream().filter(r -> !r.isExpiredAt(now)).count();
    }

    public boolean tableExists(String tableName) {
        checkOpen();
        Names.checkTableName(tableName);
        Table t = cache.loaded.get(tableName);
        return (t != null && t.exists()) || cache.fileExists(tableName);
    }

    public List<String> tables() {
        checkOpen();
        return cache.names();
    }

    // ---------------------------------------------------------------- tables

    public boolean deleteTable(String tableName) {
        checkOpen();
        Names.checkTableName(tableName);
        long lsn;
        checkpointer.checkpointLock.lock();
        cache.loadLock.lock();
        commitLock.lock();
        try {
            checkOpen();
            Table t = cache.loaded.get(tableName);
            boolean exists = (t != null && t.exists()) || cache.fileExists(tableName);
            if (!exists) {
                if (t != null) {
                    cache.loaded.remove(tableName); // an uncommitted placeholder
                }
                return false;
            }
            long now = clock.millis();
            lsn = wal.append(List.of(WalOp.dropTable(tableName)));
            cache.loaded.remove(tableName);
            try {
                files.deleteIfExists(TableFile.path(directory, tableName));
                files.syncDirectory(directory);
            } catch (IOException e) {
                throw new StorageException("table '" + tableName + "' was dropped in the WAL but its file could not "
                        + "be deleted: " + e.getMessage() + "; reopening the database completes the drop", e);
            }
            events.publish(new ChangeEvent(ChangeEvent.TABLE_DELETED, tableName, null, null, 0, now), lsn);
        } finally {
            commitLock.unlock();
            cache.loadLock.unlock();
            checkpointer.checkpointLock.unlock();
        }
        if (options.durability() == Durability.SYNC) {
            wal.awaitDurable(lsn);
        }
        return true;
    }

    // ---------------------------------------------------------------- maintenance

    public void flush() {
        checkOpen();
        checkpointer.checkpoint();
        wal.sync();
    }

    public void flushWAL() {
        checkOpen();
        wal.sync();
    }

    public List<String> dump(String tableName) {
        checkOpen();
        List<String> names;
        if (tableName == null) {
            names = tables();
        } else {
            Names.checkTableName(tableName);
            if (!tableExists(tableName)) {
                throw new ValidationException("table '" + tableName + "' does not exist");
            }
            names = List.of(tableName);
        }
        List<String> written = new ArrayList<>();
        for (String name : names) {
            String fileName = name + "_dump.json";
            writeDump(name, directory.resolve(fileName));
            written.add(fileName);
        }
        return written;
    }

    private void writeDump(String tableName, Path target) {
        List<Item> items = query(tableName, Query.all());
        items.sort(Comparator.comparing(Item::key));
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
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (StorageFile f = files.create(temp)) {
            f.write(ByteBuffer.wrap(out.toByteArray()));
            f.force();
        } catch (IOException e) {
            throw new StorageException("cannot write dump " + target + ": " + e.getMessage(), e);
        }
        try {
            files.moveAtomically(temp, target);
        } catch (IOException e) {
            throw new StorageException("cannot write dump " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes every expired item of every table, loading tables as needed. */
    public int cleanupExpiredItems() {
        checkOpen();
        int removed = 0;
        for (String name : tables()) {
            Table t = findTable(name);
            if (t != null) {
                removed += sweep(t);
            }
        }
        return removed;
    }

    private int sweep(Table t) {
        if (t.expiringCount == 0) {
            return 0;
        }
        long now = clock.millis();
        int removed = 0;
        for (Record r : t.items.values()) {
            if (r.isExpiredAt(now) && expire(t, r)) {
                removed++;
            }
        }
        return removed;
    }

    public Subscription subscribe(String tableName, ChangeListener listener) {
        checkOpen();
        if (tableName != null) {
            Names.checkTableName(tableName);
        }
        if (listener == null) {
            throw new ValidationException("listener is missing");
        }
        return events.subscribe(tableName == null ? "all" : tableName, tableName, Set.of(), listener);
    }

    private void awaitDurableForEvents(long lsn) {
        if (options.durability() == Durability.SYNC) {
            wal.awaitDurable(lsn);
        }
    }

    private void requestCheckpoint() {
        if (!closed && checkpointQueued.compareAndSet(false, true)) {
            maintenance.execute(() -> {
                checkpointQueued.set(false);
                runLogged("checkpoint", checkpointer::checkpoint);
            });
        }
    }

    /**
     * The periodic task: fsync the WAL; checkpoint when worth it (see {@link #checkpointWorthwhile}) or when dirty
     * tables have waited {@link #MAX_INTERVALS_BETWEEN_CHECKPOINTS} intervals; sweep expired items.
     */
    private void tick() {
        if (closed) {
            return;
        }
        runLogged("WAL sync", wal::sync);
        long overdue = options.walInterval().toNanos() * MAX_INTERVALS_BETWEEN_CHECKPOINTS;
        if (checkpointWorthwhile() || (anyDirty() && System.nanoTime() - lastCheckpointNanos >= overdue)) {
            runLogged("checkpoint", checkpointer::checkpoint);
        }
        runLogged("expiry sweep", () -> {
            for (Table t : cache.loaded.values()) {
                sweep(t);
            }
        });
    }

    private void runLogged(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, what + " failed in " + directory + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Evicts least-recently-used tables while more are loaded than allowed or their bytes pass the limit. A dirty
     * victim is checkpointed first. {@code keep} (the table just used) is never evicted.
     *
     * <p>Holds the checkpoint lock throughout: a checkpoint marks its tables clean when it takes the snapshot, before
     * the files are written, so an eviction during a checkpoint could drop a table whose file is still the old one
     * and the next load would lose the writes in between.
     */
    private void evictIfOverLimits(Table keep) {
        if (!overLimits()) {
            return;
        }
        checkpointer.checkpointLock.lock();
        try {
            for (int attempts = 0; attempts < 8 && overLimits(); attempts++) {
                Table victim = cache.leastRecentlyUsed(keep);
                if (victim == null) {
                    return;
                }
                if (victim.dirty) {
                    try {
                        checkpointer.checkpoint();
                    } catch (StorageException e) {
                        LOG.log(Level.WARNING, "cannot evict table '" + victim.name + "': " + e.getMessage());
                        return;
                    }
                }
                commitLock.lock();
                try {
                    if (!victim.dirty) {
                        cache.loaded.remove(victim.name, victim);
                    }
                } finally {
                    commitLock.unlock();
                }
            }
        } finally {
            checkpointer.checkpointLock.unlock();
        }
    }

    private boolean overLimits() {
        return cache.loaded.size() > options.maxLoadedTables() || cache.loadedBytes() > options.maxCacheBytes();
    }

    /** How many tables are loaded in memory now (for tests and diagnostics). */
    public int loadedTableCount() {
        return cache.loaded.size();
    }

    private void checkOpen() {
        if (closed) {
            throw new DatabaseClosedException("database " + directory + " is closed");
        }
    }

    /** Checkpoints, delivers queued events (up to 5 s), closes the WAL and releases the directory. */
    @Override
    public void close() {
        commitLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            commitLock.unlock();
        }
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StorageException failure = null;
        try {
            if (!wal.isFailed()) {
                checkpointer.checkpoint();
            }
        } catch (StorageException e) {
            failure = e;
        }
        events.close();
        try {
            wal.close();
        } catch (IOException e) {
            failure = failure != null ? failure : new StorageException("cannot close the WAL: " + e.getMessage(), e);
        }
        directoryLock.close();
        if (failure != null) {
            throw failure;
        }
    }
}
