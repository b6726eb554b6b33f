package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits that leave their fsync wait to a future: what a server's IO thread uses to answer sync writes. */
class DurabilityDeferralTest {
    @TempDir
    Path root;

    private static boolean isWal(Path p) {
        return p.getFileName().toString().startsWith("wal.log");
    }

    private MikroOptions options(Path dir, Durability durability) {
        return MikroOptions.builder().databaseDirectory(dir).durability(durability).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000).build();
    }

    @Test
    void deferredSyncWritesReturnBeforeTheirFsyncAndOneFsyncCoversThemAll() throws Exception {
        Path dir = root.resolve("deferred");
        FaultyFileLayer files = new FaultyFileLayer();
        CountDownLatch disk = new CountDownLatch(1);
        try (MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files)) {
            files.holdForces(disk, DurabilityDeferralTest::isWal); // any fsync of the log stalls until released
            CompletableFuture<Void> durable;
            try (DurabilityDeferral deferral = db.deferDurability()) {
                assertFalse(deferral.hasPendingWrites());
                for (int i = 0; i < 50; i++) {
                    db.write("t", "k" + i, i); // would block on the stalled fsync if it waited for it
                }
                assertTrue(deferral.hasPendingWrites());
                assertEquals(50, db.tableSize("t"), "visible before durable, as in os durability");
                durable = deferral.whenDurable();
            }
            assertFalse(durable.isDone(), "completed without the fsync that covers the writes");
            disk.countDown();
            durable.get(30, TimeUnit.SECONDS);
            assertTrue(files.forces.get() <= 2, "50 deferred writes took " + files.forces.get() + " fsyncs");
        }
        try (MikroDB reopened = MikroDB.open(options(dir, Durability.SYNC))) {
            assertEquals(50, reopened.tableSize("t"));
        }
    }

    @Test
    void onlyWritesThatWouldWaitForAnFsyncAreDeferred() throws Exception {
        try (MikroDB db = MikroDB.open(options(root.resolve("os"), Durability.OS))) {
            try (DurabilityDeferral deferral = db.deferDurability()) {
                db.write("t", "k", 1);
                assertFalse(deferral.hasPendingWrites(), "os durability never waits for an fsync");
                assertTrue(deferral.whenDurable().isDone());
                db.write(WriteRequest.builder("t", "flushed").value(1).flushImmediately(true).build());
                assertTrue(deferral.hasPendingWrites(), "flushImmediately waits, so it is deferred");
                deferral.whenDurable().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aFutureMadeBeforeALaterWriteDoesNotClaimToCoverIt() throws Exception {
        Path dir = root.resolve("later");
        FaultyFileLayer files = new FaultyFileLayer();
        try (MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files);
             DurabilityDeferral deferral = db.deferDurability()) {
            db.write("t", "first", 1);
            CompletableFuture<Void> first = deferral.whenDurable();
            first.get(30, TimeUnit.SECONDS);
            CountDownLatch disk = new CountDownLatch(1);
            files.holdForces(disk, DurabilityDeferralTest::isWal);
            db.write("t", "second", 2);
            CompletableFuture<Void> second = deferral.whenDurable();
            assertNotSame(first, second);
            assertFalse(second.isDone(), "the second write's fsync is still held");
            disk.countDown();
            second.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailedFsyncFailsTheFutureAsAWriteInDoubt() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        try (MikroDB db = MikroDB.open(options(root.resolve("failed"), Durability.SYNC), files)) {
            files.failForce(1, DurabilityDeferralTest::isWal);
            CompletableFuture<Void> durable;
            try (DurabilityDeferral deferral = db.deferDurability()) {
                db.write("t", "k", 1);
                durable = deferral.whenDurable();
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> durable.get(30, TimeUnit.SECONDS));
            assertInstanceOf(WriteInDoubtException.class, e.getCause());
        } catch (StorageException closeAfterAFailedLog) {
            // closing a database whose log failed reports that failure again; the assertion above is what matters
        }
    }

    @Test
    void scopesDoNotNestAndEndWithClose() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        try (MikroDB db = MikroDB.open(options(root.resolve("scopes"), Durability.SYNC), files)) {
            DurabilityDeferral deferral = db.deferDurability();
            assertThrows(IllegalStateException.class, db::deferDurability);
            deferral.close();
            int before = files.forces.get();
            db.write("t", "k", 1); // waits for its own fsync again
            assertTrue(files.forces.get() > before, "a write after the scope closed was acknowledged unforced");
            try (DurabilityDeferral again = db.deferDurability()) {
                assertFalse(again.hasPendingWrites());
            }
        }
    }

    @Test
    void closingTheDatabaseSettlesWhatDeferredWritersWaitFor() throws Exception {
        Path dir = root.resolve("close");
        FaultyFileLayer files = new FaultyFileLayer();
        CompletableFuture<Void> durable;
        MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files);
        CountDownLatch disk = new CountDownLatch(1);
        files.holdForces(disk, DurabilityDeferralTest::isWal);
        try (DurabilityDeferral deferral = db.deferDurability()) {
            for (int i = 0; i < 20; i++) {
                db.write("t", "k" + i, i);
            }
            durable = deferral.whenDurable();
        }
        assertFalse(durable.isDone());
        Thread closer = new Thread(db::close); // close waits for the held fsync like any writer
        closer.start();
        disk.countDown();
        closer.join(30_000);
        assertFalse(closer.isAlive(), "close did not return");
        assertTrue(durable.isDone(), "close returned with a deferred writer still waiting");
        durable.get(); // completed normally: the writes were forced before the log closed
        try (MikroDB reopened = MikroDB.open(options(dir, Durability.SYNC))) {
            assertEquals(20, reopened.tableSize("t"));
        }
        try (MikroDB again = MikroDB.open(options(dir, Durability.SYNC));
             DurabilityDeferral late = again.deferDurability()) {
            again.write("t", "late", 1);
            again.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.whenDurable().get());
            assertInstanceOf(DatabaseClosedException.class, e.getCause());
        }
    }
}
