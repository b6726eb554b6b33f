package dev.mikrodb.testing;

import dev.mikrodb.FaultyDisk;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import java.util.concurrent.CountDownLatch;

/**
 * For tests outside core (the server's): a database on the real file system whose WAL fsyncs can be held until
 * released, as on a stalled disk, or made to fail.
 */
public final class StalledDisk {
    private final FaultyDisk disk = new FaultyDisk();

    public MikroDB open(MikroOptions options) {
        return disk.open(options);
    }

    /** Every fsync of the log from now on waits until {@code release} opens. */
    public void holdLogFsyncs(CountDownLatch release) {
        disk.holdLogFsyncs(release);
    }

    /** The next fsync of the log fails, as on a failing disk. */
    public void failNextLogFsync() {
        disk.failNextLogFsync();
    }
}
