package dev.mikrodb;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@link FaultyFileLayer}'s log faults behind a public face, for {@link dev.mikrodb.testing.StalledDisk} (other
 * modules' tests cannot see this package's test classes: it belongs to core's module).
 */
public final class FaultyDisk {
    private final FaultyFileLayer files = new FaultyFileLayer();

    public MikroDB open(MikroOptions options) {
        return MikroDB.open(options, files);
    }

    /** Every fsync of the log from now on waits until {@code release} opens. */
    public void holdLogFsyncs(CountDownLatch release) {
        files.holdForces(release, FaultyDisk::isLog);
    }

    /** The next fsync of the log fails, as on a failing disk. */
    public void failNextLogFsync() {
        files.failForce(1, FaultyDisk::isLog);
    }

    private static boolean isLog(Path p) {
        return p.getFileName().toString().startsWith("wal.log");
    }
}
