package dev.mikrodb.internal.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's changes since its files were written, and what its next checkpoint writes for them: a delta of what
 * changed, a delta that also replaces the earlier deltas (a merge), or a new base. Guarded by the commit lock (while
 * loading, the table is not yet shared).
 *
 * <p>A base is written when its absence would cost more than writing it. Reading a table costs its live bytes plus
 * its stale ones, the copies in its files that later writes or removals superseded (those in deltas until a merge
 * replaces the deltas); once the stale bytes pass half the live ones, the next checkpoint writes a base, so reading a
 * table never costs more than 1.5 times its size. A new key adds no stale bytes, so a table that grows by inserts
 * writes each item once, in a delta. (The rule this replaced counted every delta byte against the base: an ingest of
 * 1,000,000 items rewrote its growing base at most of its checkpoints and wrote 1.4 times its items' bytes into table
 * files.) A merge rewrites every item written since the base; when that is more than half the table, a base is
 * written instead.
 *
 * <p>Records carry the revision that wrote them, so what was written since a revision can be found by scanning the
 * table rather than by remembering keys: what changed while too many keys changed to track them one by one, and what
 * a merge carries when the deltas' keys are not known ({@link DeltaKeys}, which a merge otherwise looks up). Removed
 * keys are always remembered, as they leave no record behind. Keys created since the last
 * checkpoint, and not changed again, are kept as their records in a list the checkpoint takes whole, so that a bulk
 * ingest's checkpoint does no per-key work under the commit lock.
 */
final class TableChanges {
    /** Past this many changed keys (and half the table) the keys are no longer tracked: a scan finds them. */
    private static final int MAX_TRACKED_KEYS = 1024;
    /** What one remembered removed key costs beyond the key: a set node and its slot. */
    static final long REMOVED_KEY_BYTES = 48;

    /**
     * Keys changed since the last snapshot, unless {@link #untracked}, but for keys whose only change was their
     * creation: those are in {@link #created}.
     */
    private Set<String> dirtyKeys = new HashSet<>();
    /**
     * The records of keys created since the last snapshot as their first change, in the order written, unless
     * {@link #untracked}. A bulk ingest only creates keys, and its checkpoint takes this list as it is under the
     * commit lock, where resolving each key in a set (or scanning the table) held writers up for 10-80 ms a
     * checkpoint at 100,000-600,000 new keys; nor does each write pay a set insertion.
     */
    private List<Record> created = new ArrayList<>();
    /** So many keys changed that they are found by their revision, above {@link #filesRevision}. */
    private boolean untracked;
    /** How many keys {@link #dirtyKeys} held when tracking stopped. */
    private int trackedBeforeUntracked;
    /**
     * How many changed keys the next checkpoint is likely to take: the most of recent ones, shrinking by an eighth at
     * each checkpoint that took fewer (their sizes vary twelvefold under a steady writer, as checkpoints take longer
     * or shorter). The set is made that large up front: a set grown from empty rehashes every key it holds at each
     * doubling, a tenth of a single write's time at 100,000 items in a profile.
     */
    private int expectedDirtyKeys;
    /** The keys the deltas since the base hold, while known: what a merge carries. */
    private final DeltaKeys deltaKeys = new DeltaKeys();
    /** Keys in the files removed since the base was taken: their tombstones are in deltas, or will be. */
    private Set<String> removedSinceBase = new HashSet<>();
    /** The revision the base is current to (0: none): records above it are in deltas, or dirty. */
    private long baseRevision;
    /** The revision of the last snapshot taken, or of the files loaded: records above it are not in the files. */
    private long filesRevision;
    /**
     * Bytes in the base that later writes superseded, estimated by the superseded records' encodings: only a new
     * base drops them.
     */
    private long staleInBase;
    /**
     * The same in the deltas: a merge drops them, as it replaces the deltas by the current state of their keys (a
     * table rewriting the same 1,000 keys at each checkpoint never needs a new base for it).
     */
    private long staleInDeltas;
    /** Writing a base failed: the next checkpoint writes one (the removed keys it had cleared are gone). */
    private boolean baseLost;

    boolean isDirty() {
        return untracked || !dirtyKeys.isEmpty() || !created.isEmpty();
    }

    /**
     * {@code key} was written or removed: {@code old} is the record it replaced (null: none), {@code written} the
     * record that replaced it (null: removed), {@code items} the table's size afterwards.
     */
    void changed(String key, Record old, Record written, int items) {
        if (old != null) {
            if (old.modRevision() <= filesRevision) {
                superseded(old);
            }
            // A key created after the files were written is in no file: its removal needs no tombstone later.
            if (written == null && old.createRevision() <= filesRevision) {
                removedSinceBase.add(key);
            }
        }
        if (untracked) {
            return;
        }
        if (old == null && written != null && (dirtyKeys.isEmpty() || !dirtyKeys.contains(key))) {
            created.add(written); // the key's first change since the snapshot: a removed key would be dirty
        } else {
            dirtyKeys.add(key);
            if (dirtyKeys.size() > MAX_TRACKED_KEYS && dirtyKeys.size() > items / 2) {
                untracked = true;
                trackedBeforeUntracked = dirtyKeys.size();
                dirtyKeys = new HashSet<>();
                created = new ArrayList<>();
            }
        }
    }

    /** The copy of {@code old} in the files is stale: in the base if the base holds it, else in a delta. */
    private void superseded(Record old) {
        if (old.modRevision() <= baseRevision) {
            staleInBase += old.fileBytes();
        } else {
            staleInDeltas += old.fileBytes();
        }
    }

    /** Loading: a delta's record or tombstone replaced {@code old}, whose copy is now stale. */
    void loadedOver(Record old) {
        if (old != null) {
            superseded(old);
        }
    }

    /** Loading: a delta removed {@code key}. */
    void loadedTombstone(String key) {
        removedSinceBase.add(key);
    }

    /** Loading: the base is read, current to {@code revision}; the deltas come next. */
    void loadedBase(long revision) {
        this.baseRevision = revision;
    }

    /**
     * Loading is done: the files together are current to {@code revision}. Which keys the deltas hold, if any were
     * read, is not known: the first merge finds them by revision.
     */
    void loadedFiles(long revision, boolean deltasRead) {
        this.filesRevision = revision;
        if (deltasRead) {
            deltaKeys.forget();
        }
    }

    /** What the remembered keys (removed ones, those in deltas) cost beyond the keys, for the memory estimate. */
    long rememberedBytes() {
        return removedSinceBase.size() * REMOVED_KEY_BYTES + deltaKeys.bytes();
    }

    /**
     * What a checkpoint writes now, current to {@code revision}; the table becomes clean. {@code liveBytes} is what
     * a base of the table would take.
     */
    TableSnapshot take(Table table, Map<String, Record> items, TableFileState files, long liveBytes, long revision) {
        long since = filesRevision;
        boolean merge = files.wantsDeltaMerge();
        TableSnapshot s;
        if (baseLost || !files.hasBase() || staleInBase + staleInDeltas > liveBytes / 2
                || merge && files.deltaBytes() > liveBytes / 2) {
            s = TableSnapshot.full(table, new ArrayList<>(items.values()), revision, since);
            deltaKeys.none();
            removedSinceBase = new HashSet<>();
            staleInBase = 0;
            staleInDeltas = 0;
            baseRevision = revision;
            baseLost = false;
        } else if (merge) {
            s = merged(table, items, revision);
            staleInDeltas = 0; // (if writing it fails, the next checkpoint merges again)
        } else if (untracked) {
            s = writtenSince(table, items, since, revision, false);
            deltaKeys.forget();
        } else {
            deltaKeys.adding(dirtyKeys, created, items.size());
            s = trackedDelta(table, items, revision, since);
        }
        filesRevision = revision;
        int tracked = untracked ? trackedBeforeUntracked : dirtyKeys.size();
        expectedDirtyKeys = Math.max(tracked, expectedDirtyKeys - expectedDirtyKeys / 8);
        dirtyKeys = new HashSet<>(Math.max(16, (int) (expectedDirtyKeys / 0.75f) + 1));
        created = new ArrayList<>();
        untracked = false;
        return s;
    }

    /** A delta of the tracked changes: the dirty keys' state, and the created records not changed since. */
    private TableSnapshot trackedDelta(Table table, Map<String, Record> items, long revision, long since) {
        boolean anyCreated = !created.isEmpty();
        List<Record> changed = created; // handed over whole: a new list is made for the next checkpoint
        if (!anyCreated) {
            changed = new ArrayList<>(dirtyKeys.size());
        } else if (!dirtyKeys.isEmpty()) {
            // A created key changed again is in dirtyKeys too, and its state is written from there. Whether one
            // did cannot be told by revisions: recovery replays records the files already cover, whose revisions
            // are not above the files' (a key created and removed there was written both as created and removed).
            changed = new ArrayList<>(created.size() + dirtyKeys.size());
            for (Record r : created) {
                if (!dirtyKeys.contains(r.key())) {
                    changed.add(r);
                }
            }
        }
        List<String> removed = new ArrayList<>();
        for (String key : dirtyKeys) {
            Record r = items.get(key);
            if (r == null) {
                removed.add(key);
            } else {
                changed.add(r);
            }
        }
        // Were writing it to fail, created keys are found again by their revision: they are not in dirtyKeys.
        return TableSnapshot.delta(table, changed, removed, revision, since, anyCreated ? Set.of() : dirtyKeys,
                false);
    }

    /**
     * A delta that replaces the earlier ones: the current records of every key they hold and of the changed ones, and
     * the removed keys. The keys are looked up when known, and found by their revision above the base's otherwise.
     */
    private TableSnapshot merged(Table table, Map<String, Record> items, long revision) {
        if (!untracked) {
            deltaKeys.adding(dirtyKeys, created, items.size());
        }
        if (untracked || !deltaKeys.known()) {
            TableSnapshot s = writtenSince(table, items, baseRevision, revision, true);
            deltaKeys.replacedBy(s.records(), items.size());
            return s;
        }
        List<Record> changed = new ArrayList<>(deltaKeys.keys().size());
        for (String key : deltaKeys.keys()) {
            Record r = items.get(key);
            if (r != null) {
                changed.add(r);
            }
        }
        return TableSnapshot.delta(table, changed, removedStill(items), revision, filesRevision, Set.of(), true);
    }

    /** A delta of every record written after {@code after}, and of every remembered key no longer present. */
    private TableSnapshot writtenSince(Table table, Map<String, Record> items, long after, long revision,
                                       boolean merge) {
        List<Record> changed = new ArrayList<>();
        for (Record r : items.values()) {
            if (r.modRevision() > after) {
                changed.add(r);
            }
        }
        return TableSnapshot.delta(table, changed, removedStill(items), revision, filesRevision, Set.of(), merge);
    }

    /** The keys removed from the files since the base that are still absent: the tombstones a merge carries. */
    private List<String> removedStill(Map<String, Record> items) {
        List<String> removed = new ArrayList<>();
        for (String key : removedSinceBase) {
            if (!items.containsKey(key)) {
                removed.add(key);
            }
        }
        return removed;
    }

    /** Writing {@code s} failed: what it held is changed again. */
    void failed(TableSnapshot s, int items) {
        filesRevision = Math.min(filesRevision, s.since());
        if (s.full()) {
            baseLost = true;
            untracked = true;
        } else if (s.mergesDeltas() || s.keys().isEmpty()) {
            untracked = true; // found again by revision, from where the failed snapshot started
        } else {
            for (String key : s.keys()) {
                changed(key, null, null, items); // (adds no removed key)
            }
        }
    }
}
