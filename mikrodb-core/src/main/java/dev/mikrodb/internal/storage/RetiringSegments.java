package dev.mikrodb.internal.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Handles of rotated WAL segments whose records may not be fsynced yet. {@link WriteAheadLog#rotate} runs under the
 * commit lock and must not fsync, so it leaves the old handle here; the next fsync of the log forces and closes it,
 * or the checkpoint that rotated it does before any table file takes its name. Guarded by the log's I/O lock.
 */
final class RetiringSegments {
    /** @param endLsn the log position the segment ends at */
    private record Retiring(int number, StorageFile file, long endLsn) {
    }

    private final List<Retiring> handles = new ArrayList<>();

    void add(int number, StorageFile file, long endLsn) {
        handles.add(new Retiring(number, file, endLsn));
    }

    boolean isEmpty() {
        return handles.isEmpty();
    }

    /** Takes every handle, for the caller to force and close outside the lock. */
    List<StorageFile> takeAll() {
        List<StorageFile> files = new ArrayList<>(handles.size());
        for (Retiring r : handles) {
            files.add(r.file());
        }
        handles.clear();
        return files;
    }

    /** A rotated segment's handle and where its records end. */
    record Handle(StorageFile file, long endLsn) {
    }

    /** Takes the handles of segments numbered up to {@code number}, for the caller to force and close. */
    List<Handle> takeThrough(int number) {
        List<Handle> taken = new ArrayList<>();
        for (Iterator<Retiring> it = handles.iterator(); it.hasNext(); ) {
            Retiring r = it.next();
            if (r.number() <= number) {
                it.remove();
                taken.add(new Handle(r.file(), r.endLsn()));
            }
        }
        return taken;
    }

    /**
     * Forces (unless {@code durableLsn} covers them) and closes handles taken by {@link #takeThrough}; returns the log
     * position durable now. A checkpoint has this done before any table file takes its name (the write-ahead rule):
     * otherwise, after a power cut, one table's new file could hold writes whose log records were lost with others,
     * a state that never was, or half of a batch across tables. With sync durability the records are usually
     * durable already; with os durability it is one fdatasync of the rotated segment per checkpoint.
     */
    static long forceAndClose(List<Handle> handles, long durableLsn, java.util.concurrent.atomic.LongAdder fsyncs)
            throws IOException {
        long covered = durableLsn;
        try {
            for (Handle h : handles) {
                if (h.endLsn() > durableLsn) {
                    h.file().force();
                    fsyncs.increment();
                }
                covered = Math.max(covered, h.endLsn());
            }
        } finally {
            for (Handle h : handles) {
                h.file().close();
            }
        }
        return covered;
    }
}
