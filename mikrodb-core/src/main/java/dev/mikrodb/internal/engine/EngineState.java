package dev.mikrodb.internal.engine;

import dev.mikrodb.DatabaseClosedException;
import java.nio.file.Path;

/** Whether the database is open. Closing is decided under the commit lock, so no commit starts after it. */
final class EngineState {
    private final Path directory;
    private volatile boolean closed;

    EngineState(Path directory) {
        this.directory = directory;
    }

    void checkOpen() {
        if (closed) {
            throw new DatabaseClosedException("database " + directory + " is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Under the commit lock. Returns false when it was already closed. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }
}
