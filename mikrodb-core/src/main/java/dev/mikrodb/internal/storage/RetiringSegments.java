package dev.mikrodb.internal.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Handles of rotated WAL segments whose records may not be fsynced yet. {@link WriteAheadLog#rotate} runs under the
 * commit lock and must not fsync, so it leaves the old handle here; the next fsync of the log forces and closes it,
 * unless a checkpoint has made its records redundant first (then it is closed without one). Guarded by the log's
 * I/O lock.
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

    /**
     * Closes, without forcing, the handles of segments numbered up to {@code number}: a checkpoint covers them.
     * Returns the log position the last of them ends at (everything before it is durable now), or -1 if none.
     */
    long closeThrough(int number) {
        long coveredLsn = -1;
        for (Iterator<Retiring> it = handles.iterator(); it.hasNext(); ) {
            Retiring r = it.next();
            if (r.number() <= number) {
                it.remove();
                coveredLsn = Math.max(coveredLsn, r.endLsn());
                try {
                    r.file().close();
                } catch (IOException ignored) {
                    // closing a handle whose records are durable in table files loses nothing
                }
            }
        }
        return coveredLsn;
    }
}
