package dev.mikrodb.internal.storage;

import dev.mikrodb.DiskFullException;
import dev.mikrodb.StorageException;
import java.io.IOException;

/**
 * Turns an {@link IOException} into the {@link StorageException} a caller can act on: a full disk is a
 * {@link DiskFullException} (the JDK reports ENOSPC and EDQUOT only in the message), anything else a plain
 * {@code StorageException}.
 */
public final class IoFailures {
    private IoFailures() {
    }

    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                    || m.contains("There is not enough space on the disk"))) {
                return true;
            }
            if (t instanceof DiskFullException) {
                return true;
            }
        }
        return false;
    }

    /** {@code what} says what failed, as a sentence start: "could not append to the write-ahead log x". */
    public static StorageException storage(String what, IOException e) {
        if (isDiskFull(e)) {
            return new DiskFullException(what + ": the disk is full (" + e.getMessage() + "); free space and retry, "
                    + "no restart is needed", e);
        }
        return new StorageException(what + ": " + e.getMessage(), e);
    }
}
