package dev.mikrodb;

import dev.mikrodb.internal.storage.DiskFileLayer;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The real file system, except that the Nth write or fsync (counted from when it is armed) fails with an
 * IOException, after writing half of its bytes for writes, as a full disk would. In the style of H2's
 * FilePathUnstable.
 */
final class FaultyFileLayer extends dev.mikrodb.testing.ForwardingFileLayer {
    private final FileLayer disk = DiskFileLayer.INSTANCE;
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger forces = new AtomicInteger();
    /** Directory fsyncs, counted always (never failed). */
    final AtomicInteger directorySyncs = new AtomicInteger();
    private volatile int failWriteAt = -1;
    private volatile int failForceAt = -1;
    private volatile Predicate<Path> target = p -> true;
    private volatile java.util.concurrent.CountDownLatch forceGate;
    private volatile boolean diskFull;
    /** Every file deletion fails, as on a read-only or failing directory. */
    volatile boolean failDeletes;
    /** Every rename into this directory fails (null: none), as when it is not writable. */
    volatile Path failMovesInto;
    /** Open files, so a rename moves their name too (the engine renames the open WAL when it rotates). */
    private final java.util.Set<Faulty> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FaultyFileLayer() {
        super(DiskFileLayer.INSTANCE);
    }

    /** Fails the {@code n}th write (1 = the next one) to a file matching {@code which}. */
    void failWrite(int n, Predicate<Path> which) {
        target = which;
        writes.set(0);
        failWriteAt = n;
    }

    void failForce(int n, Predicate<Path> which) {
        target = which;
        forces.set(0);
        failForceAt = n;
    }

    /** Makes every fsync of a file matching {@code which} wait until {@code gate} opens: a slow disk. */
    void holdForces(java.util.concurrent.CountDownLatch gate, Predicate<Path> which) {
        target = which;
        forces.set(0);
        writes.set(0);
        forceGate = gate;
    }

    /** A one-time pause of an operation on a file matching {@code which}: it counts down entered, awaits gate. */
    private record Hold(Predicate<Path> which, java.util.concurrent.CountDownLatch entered,
                        java.util.concurrent.CountDownLatch gate) {
    }

    private final java.util.concurrent.atomic.AtomicReference<Hold> readHold =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicReference<Hold> deleteHold =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Pauses here if {@code hold} is set for {@code file}, once. */
    private static void pauseIfHeld(java.util.concurrent.atomic.AtomicReference<Hold> hold, Path file)
            throws IOException {
        Hold h = hold.get();
        if (h == null || !h.which().test(file) || !hold.compareAndSet(h, null)) {
            return;
        }
        h.entered().countDown();
        try {
            h.gate().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while held", e);
        }
    }

    /**
     * Makes the next read of a file matching {@code which} read its bytes, count down {@code entered}, and wait until
     * {@code gate} opens before returning them: a slow table load.
     */
    void holdReads(java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch gate,
                   Predicate<Path> which) {
        readHold.set(new Hold(which, entered, gate));
    }

    /** Every write, and every file creation, fails as on a full disk (ENOSPC) until {@link #heal()}. */
    void fillDisk() {
        diskFull = true;
    }

    void heal() {
        diskFull = false;
        failMovesInto = null;
        forceGate = null;
        failWriteAt = -1;
        failForceAt = -1;
    }

    @Override
    public StorageFile openForAppend(Path file) throws IOException {
        return track(new Faulty(disk.openForAppend(file), file));
    }


    @Override
    public StorageFile create(Path file) throws IOException {
        if (diskFull) {
            throw new IOException(file + ": No space left on device");
        }
        return track(new Faulty(disk.create(file), file));
    }

    private Faulty track(Faulty f) {
        open.add(f);
        return f;
    }

    @Override
    public byte[] readAll(Path file) throws IOException {
        byte[] data = disk.readAll(file);
        pauseIfHeld(readHold, file);
        return data;
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        if (target.getParent() != null && target.getParent().equals(failMovesInto)) {
            throw new IOException(source + " -> " + target + ": injected rename failure");
        }
        if (dev.mikrodb.internal.storage.SpareFiles.isSpare(target)) {
            // a replaced table file kept as a spare: its name goes as by a deletion, and fails or waits as one
            if (failDeletes) {
                throw new IOException(source + ": injected deletion failure (renaming it to a spare)");
            }
            pauseIfHeld(deleteHold, source);
        }
        disk.moveAtomically(source, target);
        for (Faulty f : open) {
            if (f.path.equals(source)) {
                f.path = target;
            }
        }
    }

    /**
     * Makes the next deletion of a file matching {@code which} count down {@code entered} and wait until {@code gate}
     * opens before deleting: a slow deletion under way.
     */
    void holdDeletes(java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch gate,
                     Predicate<Path> which) {
        deleteHold.set(new Hold(which, entered, gate));
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        if (failDeletes) {
            throw new IOException(file + ": injected deletion failure");
        }
        pauseIfHeld(deleteHold, file);
        disk.deleteIfExists(file);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        directorySyncs.incrementAndGet();
        disk.syncDirectory(directory);
    }


    @Override
    public List<Path> list(Path directory) throws IOException {
        List<Path> listed = disk.list(directory);
        Path paused = pauseListingOf;
        if (paused != null && paused.equals(directory)) {
            pauseListingOf = null;
            listingEntered.countDown();
            try {
                listingGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("listing interrupted");
            }
        }
        return listed;
    }

    private volatile Path pauseListingOf;
    private volatile java.util.concurrent.CountDownLatch listingEntered;
    private volatile java.util.concurrent.CountDownLatch listingGate;

    /**
     * The next listing of {@code directory} is taken, then counts down {@code entered} and waits for {@code gate}
     * before it is returned: the directory may change meanwhile, as it can between any listing and its use.
     */
    void pauseNextListing(Path directory, java.util.concurrent.CountDownLatch entered,
                          java.util.concurrent.CountDownLatch gate) {
        listingEntered = entered;
        listingGate = gate;
        pauseListingOf = directory;
    }


    private final class Faulty implements StorageFile {
        private final StorageFile file;
        private volatile Path path;

        Faulty(StorageFile file, Path path) {
            this.file = file;
            this.path = path;
        }

        @Override
        public void write(ByteBuffer buffer) throws IOException {
            if (diskFull) {
                ByteBuffer part = buffer.duplicate();
                part.limit(part.position() + part.remaining() / 3);
                file.write(part);
                throw new IOException("No space left on device");
            }
            if (target.test(path) && writes.incrementAndGet() == failWriteAt) {
                ByteBuffer half = buffer.duplicate();
                half.limit(half.position() + half.remaining() / 2);
                file.write(half);
                throw new IOException("injected write failure on " + path.getFileName());
            }
            file.write(buffer);
        }

        /** The WAL's zeros written ahead (sync durability): they fail on a full disk, not as the Nth write. */
        @Override
        public void writeAt(ByteBuffer buffer, long position) throws IOException {
            if (diskFull) {
                throw new IOException("No space left on device");
            }
            file.writeAt(buffer, position);
        }

        @Override
        public void force() throws IOException {
            if (target.test(path) && forces.incrementAndGet() == failForceAt) {
                throw new IOException("injected fsync failure on " + path.getFileName());
            }
            java.util.concurrent.CountDownLatch gate = forceGate;
            if (gate != null && target.test(path)) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("fsync interrupted");
                }
            }
            file.force();
        }

        @Override
        public void truncate(long size) throws IOException {
            file.truncate(size);
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public void position(long position) throws IOException {
            file.position(position);
        }

        @Override
        public void close() throws IOException {
            open.remove(this);
            file.close();
        }
    }
}
