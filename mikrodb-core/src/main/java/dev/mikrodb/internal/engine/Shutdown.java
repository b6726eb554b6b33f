package dev.mikrodb.internal.engine;

import dev.mikrodb.StorageException;

/**
 * Takes an open database apart, in order: maintenance stops, deferred acknowledgements are settled, a last
 * checkpoint (unless the WAL failed), the table files checkpoints replaced are deleted, the event bus drains, the WAL
 * and the files held open for point reads close, and the directory lock is released. The first failure is thrown
 * once everything that can be closed is.
 */
final class Shutdown {
    private Shutdown() {
    }

    static void run(DatabaseOpener.Parts parts) {
        parts.maintenance().close();
        parts.committer().acks().close(); // forces what deferred writers still wait for, while the WAL is open
        StorageException failure = null;
        try {
            if (!parts.wal().isFailed()) {
                parts.checkpointer().checkpoint();
            }
        } catch (StorageException e) {
            failure = e;
        }
        // The maintenance thread has stopped. Files replaced by earlier checkpoints may go even if the last one failed:
        // what replaced them was durable before they were listed.
        parts.checkpointer().deleteReplacedFiles();
        parts.checkpointer().close();
        parts.events().close();
        try {
            parts.wal().close();
        } catch (java.io.IOException e) {
            failure = failure != null ? failure : new StorageException("cannot close the WAL: " + e.getMessage(), e);
        }
        parts.cache().close();
        parts.directoryLock().close();
        if (failure != null) {
            throw failure;
        }
    }
}
