package dev.mikrodb.internal.engine;

import dev.mikrodb.Durability;
import dev.mikrodb.HistoryCompactedException;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.StorageException;
import dev.mikrodb.WebhookTarget;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.events.EventBus;
import dev.mikrodb.internal.events.WebhookListener;
import dev.mikrodb.internal.events.WebhookPosition;
import dev.mikrodb.internal.storage.DirectoryLock;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.Subscription;
import dev.mikrodb.internal.storage.ExpiryHints;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.RetainedSegments;
import dev.mikrodb.internal.storage.MetaFile;
import dev.mikrodb.internal.storage.TableFiles;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Opens a database directory and wires the engine's pieces: directory lock, metadata (and key), recovery of the WAL,
 * a fresh WAL, then the cache, checkpointer, committer, event bus and maintenance thread.
 */
final class DatabaseOpener {
    private static final System.Logger LOG = new LazyLogger("dev.mikrodb");

    /** The pieces a database is made of, for the facade and for closing. */
    record Parts(MikroOptions options, Path directory, FileLayer files, DirectoryLock directoryLock, Locks locks,
                 EngineState state, TableCache cache, WriteAheadLog wal, Checkpointer checkpointer,
                 Committer committer, EventBus events, Maintenance maintenance, IndexService indexes,
                 KeyListing listing, AutoIndexer autoIndexer, RetainedSegments retained) {
    }

    private DatabaseOpener() {
    }

    static Database open(MikroOptions options, FileLayer files) {
        Path directory = options.databaseDirectory().toAbsolutePath().normalize();
        try {
            files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create database directory " + directory + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory);
        try {
            return wire(options, files, directory, lock);
        } catch (IOException e) {
            lock.close();
            throw new StorageException("cannot open database " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Database wire(MikroOptions options, FileLayer files, Path directory, DirectoryLock lock)
            throws IOException {
        // One listing, under the lock, for the metadata's check, the table files, the WAL segments and leftovers.
        List<Path> entries = files.list(directory);
        AesGcm cipher = MetaFile.openOrCreate(files, directory, options.encryptionKey(),
                holdsData(entries, options.walFileName()));
        Locks locks = new Locks();
        TableCache cache = new TableCache(files, directory, cipher, locks, options.maxLoadedTables(),
                options.maxCacheBytes(), entries);
        long revision = recover(options, files, directory, entries, cipher, cache);
        IndexCatalog indexes = IndexCatalog.load(cache);
        for (Table t : cache.loadedTables()) { // the tables recovery replayed into
            indexes.attach(t);
        }
        cache.buildIndexesFrom(indexes);
        cache.expiringAccordingToHints(ExpiryHints.read(files, directory));
        WriteAheadLog wal = WriteAheadLog.open(files, directory, options.walFileName(), cipher,
                options.durability(), options.maxWriteOpsBeforeFlush(), revision);
        EngineState state = new EngineState(directory);
        CheckpointPolicy policy = new CheckpointPolicy(cache, wal, options.maxWriteOpsBeforeFlush(),
                options.maxWalBytes(), options.walInterval().toNanos());
        EventBus events = new EventBus(options.eventQueueCapacity(), lsn -> {
            if (options.durability() == Durability.SYNC) {
                wal.awaitDurable(lsn); // in sync mode no listener sees a change that is not yet durable
            }
        });
        Maintenance maintenance = new Maintenance(directory);
        java.util.concurrent.atomic.AtomicReference<Checkpointer> checkpointerRef =
                new java.util.concurrent.atomic.AtomicReference<>();
        Committer committer = new Committer(locks, state, cache, wal, events, options.clock(), options.durability(),
                policy, () -> maintenance.requestCheckpoint(() -> checkpointerRef.get().checkpoint()), revision);
        RetainedSegments retained = new RetainedSegments(files, directory, options.walFileName(),
                options.changeRetention(), options.changeRetentionBytes());
        Checkpointer checkpointer = new Checkpointer(locks, cache, wal, files, directory, cipher, policy,
                committer::revision, retained, maintenance::submit);
        checkpointerRef.set(checkpointer);
        events.historyFrom(new FeedHistory(locks, committer, wal, retained, files, cipher, options.durability()));
        committer.deleteFilesWith(checkpointer);
        committer.onIndexDefinitionRemoved(key -> {
            int slash = key.lastIndexOf('/');
            indexes.removed(key.substring(0, slash), key.substring(slash + 1));
        });
        registerConfiguredListeners(options, events, files, directory, revision);
        Database database = new Database(new Parts(options, directory, files, lock, locks, state, cache, wal,
                checkpointer, committer, events, maintenance, new IndexService(locks, cache, committer, indexes),
                new KeyListing(cache, committer), new AutoIndexer(options.autoIndexThreshold(),
                task -> maintenance.submit("automatic index", task)), retained));
        maintenance.schedule(database::tick, options.walInterval().toMillis());
        maintenance.scheduleExpiry(database::sweepExpired, ExpirySweeper.PERIOD_MILLIS);
        return database;
    }

    private static boolean holdsData(List<Path> entries, String walFileName) {
        for (Path p : entries) {
            if (TableFiles.stemOf(p) != null || p.getFileName().toString().startsWith(walFileName)) {
                return true;
            }
        }
        return false;
    }

    /** Replays the WAL into memory; returns the database's revision. */
    private static long recover(MikroOptions options, FileLayer files, Path directory, List<Path> entries,
                                AesGcm cipher, TableCache cache) throws IOException {
        long started = System.nanoTime();
        Recovery.Outcome outcome = new Recovery(files, directory, entries, options.walFileName(), cipher, cache,
                options.strictRecovery()).run();
        if (outcome.records() > 0 || options.debug()) {
            LOG.log(outcome.tornTails().isEmpty() ? Level.INFO : Level.WARNING, "opened " + directory + ": replayed "
                    + outcome.records() + " WAL records from " + outcome.segments() + " segment(s) into "
                    + outcome.tablesTouched() + " table(s) in " + (System.nanoTime() - started) / 1_000_000 + " ms"
                    + (outcome.tornTails().isEmpty() ? "" : "; damaged tails set aside in " + outcome.tornTails()));
        }
        return outcome.revision();
    }

    /**
     * Where a webhook resumes: after its stored position, unless that is past the database's revision. With
     * {@code os} durability a target is sent commits before the disk has them, and a power cut can keep the position
     * file and lose those commits; resuming after it would skip the new commits that take their revisions again.
     */
    private static long resumeAt(WebhookTarget target, WebhookPosition position, long revision) {
        long stored = position.stored();
        if (stored <= revision) {
            return stored;
        }
        LOG.log(Level.WARNING, "webhook '" + target.name() + "' was sent events through revision " + stored
                + ", past the database's revision " + revision + ": those commits were lost in a crash (os "
                + "durability acknowledges before the disk has them); it resumes after " + revision
                + ", so the target gets new events under those revisions");
        return revision;
    }

    private static void registerConfiguredListeners(MikroOptions options, EventBus events, FileLayer files,
                                                    Path directory, long revision) {
        for (MikroOptions.ListenerRegistration r : options.listeners()) {
            events.subscribe("listener-" + (r.event() == null ? "all" : r.event()), null,
                    r.event() == null ? Set.of() : Set.of(r.event()), SubscribeOptions.LIVE, r.listener());
        }
        for (WebhookTarget target : options.webhooks()) {
            WebhookPosition position = new WebhookPosition(files, directory.resolve(RetainedSegments.DIRECTORY),
                    target.name());
            SubscribeOptions start = SubscribeOptions.LIVE.withFromRevision(resumeAt(target, position, revision));
            WebhookListener sender = new WebhookListener(target, 200, position);
            try {
                Subscription s = events.subscribe("webhook-" + target.name(), null, Set.copyOf(target.events()),
                        start, sender);
                if (start.fromRevision() < 0) {
                    position.delivered(s.deliveredRevision()); // a first start: later restarts resume from here
                }
            } catch (HistoryCompactedException e) {
                LOG.log(Level.WARNING, "webhook '" + target.name() + "' was down longer than the change feed's "
                        + "retention: events after revision " + e.requestedRevision() + " up to "
                        + e.compactRevision() + " are gone; it resumes from " + e.compactRevision());
                events.subscribe("webhook-" + target.name(), null, Set.copyOf(target.events()),
                        start.withFromRevision(e.compactRevision()), sender);
            }
        }
    }
}
