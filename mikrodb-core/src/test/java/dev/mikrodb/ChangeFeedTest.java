package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable change feed: resume from a revision across checkpoints and restarts, with no gap and no duplicate. */
class ChangeFeedTest {
    @TempDir
    Path dir;

    private MikroOptions.Builder options() {
        return MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000);
    }

    /** "operation table/key@revision" for comparing event streams. */
    private static String describe(ChangeEvent e) {
        return e.operation() + " " + e.table() + "/" + e.key() + "@" + e.revision();
    }

    @Test
    void aSubscriberResumesFromAnyRevisionAcrossCheckpointsAndRestartsSeeingWhatLiveSubscribersSaw()
            throws Exception {
        List<String> live = new CopyOnWriteArrayList<>();
        long last;
        try (MikroDB db = MikroDB.open(options().build());
             Subscription s = db.subscribe(null, e -> live.add(describe(e)))) {
            for (int i = 0; i < 30; i++) {
                db.write("t", "k" + (i % 7), i);
                if (i % 10 == 9) {
                    db.flush(); // a checkpoint: the segments so far move to the retained history
                }
            }
            db.writeBatch(List.of(WriteRequest.of("t", "b1", 1), WriteRequest.of("u", "b2", 2)));
            db.delete("t", "k1");
            db.deleteTable("u");
            last = db.revision();
            ChangeEventsTest.await(() -> live.size() == 34);
        }
        assertTrue(Files.list(dir.resolve("changes")).findAny().isPresent(), "history is kept in changes/");
        List<String> history = new ArrayList<>(live);
        try (MikroDB db = MikroDB.open(options().build())) {
            for (long from : new long[] {0, 5, 10, 29, last - 1, last}) {
                List<String> replayed = new CopyOnWriteArrayList<>();
                try (Subscription s = db.subscribe(null, SubscribeOptions.fromRevision(from),
                        e -> replayed.add(describe(e)))) {
                    List<String> expected = history.stream()
                            .filter(d -> Long.parseLong(d.substring(d.indexOf('@') + 1)) > from).toList();
                    ChangeEventsTest.await(() -> replayed.size() >= expected.size());
                    db.write("t", "after", from); // and then live events follow, once each
                    ChangeEventsTest.await(() -> replayed.size() == expected.size() + 1);
                    assertEquals(expected, replayed.subList(0, expected.size()), "from " + from);
                    assertEquals("item.written t/after@" + db.revision(), replayed.get(expected.size()));
                    history.add(replayed.get(expected.size()));
                }
            }
        }
    }

    @Test
    void previousItemsPrefixesAndTablesSelectWhatIsDelivered() throws Exception {
        try (MikroDB db = MikroDB.open(options().build())) {
            db.write("t", "user:1", "a");
            db.write("t", "user:1", "b");
            db.write("t", "order:1", "x");
            db.delete("t", "user:1");
            db.write("other", "user:2", "y");
            List<ChangeEvent> events = new CopyOnWriteArrayList<>();
            try (Subscription s = db.subscribe("t", SubscribeOptions.fromRevision(0).withKeyPrefix("user:")
                    .withPrevious(true), events::add)) {
                ChangeEventsTest.await(() -> events.size() == 3);
                assertEquals(List.of("item.written t/user:1@1", "item.written t/user:1@2", "item.deleted t/user:1@4"),
                        events.stream().map(ChangeFeedTest::describe).toList());
                assertNull(events.get(0).previous(), "a new key has no previous item");
                assertEquals("\"a\"", events.get(1).previous().valueJson());
                assertEquals("\"b\"", events.get(2).previous().valueJson());
            }
            List<ChangeEvent> plain = new CopyOnWriteArrayList<>();
            try (Subscription s = db.subscribe("t", SubscribeOptions.fromRevision(0), plain::add)) {
                ChangeEventsTest.await(() -> plain.size() == 4);
                assertTrue(plain.stream().allMatch(e -> e.previous() == null), "previous only when asked for");
            }
        }
    }

    @Test
    void aStartBeforeTheRetainedHistoryIsRefusedNamingTheOldestPossibleStart() throws Exception {
        try (MikroDB db = MikroDB.open(options().changeRetentionBytes(1).build())) {
            for (int i = 0; i < 20; i++) {
                db.write("t", "k" + i, i);
            }
            db.flush(); // with a 1-byte cap the checkpoint's segments are pruned at once
            db.write("t", "later", 1);
            HistoryCompactedException e = assertThrows(HistoryCompactedException.class,
                    () -> db.subscribe(null, SubscribeOptions.fromRevision(3), event -> { }));
            assertEquals(20, e.compactRevision(), e.getMessage());
            assertEquals(21, e.currentRevision());
            assertTrue(e.getMessage().contains("oldest available start is revision 20"), e.getMessage());
            List<String> rest = new CopyOnWriteArrayList<>();
            try (Subscription s = db.subscribe(null, SubscribeOptions.fromRevision(e.compactRevision()),
                    event -> rest.add(describe(event)))) {
                ChangeEventsTest.await(() -> rest.size() == 1);
                assertEquals("item.written t/later@21", rest.get(0));
            }
        }
    }

    @Test
    void historyOlderThanTheRetentionIsDeletedAtTheNextCheckpoint() throws Exception {
        try (MikroDB db = MikroDB.open(options().changeRetention(Duration.ofHours(24)).build())) {
            for (int i = 0; i < 5; i++) {
                db.write("t", "old" + i, i);
            }
            db.flush();
            List<Path> retained;
            try (Stream<Path> files = Files.list(dir.resolve("changes"))) {
                retained = files.toList();
            }
            assertEquals(1, retained.size());
            // Age the retained segment instead of waiting: its newest event is now two days old.
            Files.setLastModifiedTime(retained.get(0), java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis() - Duration.ofDays(2).toMillis()));
            db.write("t", "new", 1);
            db.flush(); // retention runs after each checkpoint
            assertFalse(Files.exists(retained.get(0)), "older than 24 h: deleted");
            HistoryCompactedException e = assertThrows(HistoryCompactedException.class,
                    () -> db.subscribe(null, SubscribeOptions.fromRevision(0), event -> { }));
            assertEquals(5, e.compactRevision());
        }
    }

    @Test
    void withRetentionOffCheckpointsDeleteTheLogAsBefore() throws Exception {
        try (MikroDB db = MikroDB.open(options().changeRetention(Duration.ZERO).build())) {
            db.write("t", "k", 1);
            db.flush();
            db.write("t", "k", 2);
            db.flush();
            assertThrows(HistoryCompactedException.class,
                    () -> db.subscribe(null, SubscribeOptions.fromRevision(0), event -> { }));
        }
        assertFalse(Files.exists(dir.resolve("changes")) && Files.list(dir.resolve("changes")).findAny().isPresent());
    }

    @Test
    void aSlowSubscriberWithATinyQueueLosesNothingAndNeverSlowsWriters() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (MikroDB db = MikroDB.open(options().eventQueueCapacity(4).maxWalBytes(4096).build());
             Subscription s = db.subscribe("t", e -> {
                 release.await();
                 seen.add(e.revision());
             })) {
            for (int i = 0; i < 2_000; i++) {
                db.write("t", "k" + (i % 50), i); // small WAL: segments rotate and retire meanwhile
            }
            release.countDown();
            ChangeEventsTest.await(() -> seen.size() == 2_000);
            assertEquals(0, s.droppedEvents());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i + 1, seen.get(i), "revision order, no gap, no duplicate");
            }
            assertEquals(2_000, s.deliveredRevision());
        }
    }

    @Test
    void concurrentWritersAndARotatingLogGiveEveryCommitExactlyOnceAcrossTheSwitchToLive() throws Exception {
        List<Long> order = new CopyOnWriteArrayList<>();
        AtomicReference<Subscription> late = new AtomicReference<>();
        int writers = 4;
        int perWriter = 2_500;
        try (MikroDB db = MikroDB.open(options().maxWalBytes(16 * 1024).eventQueueCapacity(64).build())) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        db.write("t", "w" + id + "-" + (i % 100), i);
                    }
                });
                threads.add(t);
                t.start();
            }
            // Subscribe from the start while the writers are busy: history first, then live.
            while (db.revision() < 2_000) {
                Thread.onSpinWait();
            }
            late.set(db.subscribe(null, SubscribeOptions.fromRevision(0), e -> {
                order.add(e.revision());
            }));
            for (Thread t : threads) {
                t.join();
            }
            long total = (long) writers * perWriter;
            assertEquals(total, db.revision());
            ChangeEventsTest.await(() -> order.size() >= total);
            late.get().close();
            assertEquals(total, order.size());
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i + 1, order.get(i), "every commit once, in revision order");
            }
        }
    }

    @Test
    void anEncryptedDatabasesRetainedHistoryHoldsNoPlaintext() throws Exception {
        String marker = "very-secret-marker-value";
        try (MikroDB db = MikroDB.open(options().encryptionKey("a passphrase for this test").build())) {
            db.write("t", "k", marker);
            db.flush();
            List<ChangeEvent> events = new CopyOnWriteArrayList<>();
            try (Subscription s = db.subscribe(null, SubscribeOptions.fromRevision(0), events::add)) {
                ChangeEventsTest.await(() -> events.size() == 1);
                assertEquals("\"" + marker + "\"", events.get(0).record().valueJson());
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("changes"))) {
            List<Path> retained = files.toList();
            assertFalse(retained.isEmpty());
            for (Path p : retained) {
                String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(marker), p + " holds plaintext");
            }
        }
    }

    @Test
    void aWalRotationWhileTheFeedListsItsSegmentsHidesNoHistory() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (MikroDB db = MikroDB.open(options().build(), files)) {
            for (int i = 0; i < 10; i++) {
                db.write("t", "k" + i, i);
            }
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            Path directory = dir.toAbsolutePath().normalize();
            files.pauseNextListing(directory, entered, gate);
            List<Long> seen = new CopyOnWriteArrayList<>();
            var subscribing = pool.submit(() -> db.subscribe(null, SubscribeOptions.fromRevision(0),
                    e -> seen.add(e.revision())));
            entered.await(); // the feed has listed the rotated segments (none yet)...
            var flushing = pool.submit(db::flush); // ...and a checkpoint rotates the WAL before it looks further
            ChangeEventsTest.await(() -> {
                try (var names = Files.list(directory)) {
                    return names.anyMatch(p -> p.getFileName().toString().matches("wal\\.log\\.\\d+"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            gate.countDown();
            try (Subscription s = subscribing.get()) { // was: HistoryCompactedException, revision 0 hidden
                flushing.get();
                ChangeEventsTest.await(() -> seen.size() == 10);
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), seen);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Five commits in two checkpoints, whose segments are retired into {@code changes/}; returns them, oldest first,
     * with the events a live subscriber saw in {@code live}.
     */
    private List<Path> twoRetainedSegments(List<String> live) throws Exception {
        try (MikroDB db = MikroDB.open(options().build());
             Subscription s = db.subscribe(null, e -> live.add(describe(e)))) {
            db.write("t", "a", 1);
            db.write("t", "b", 1);
            db.flush();
            db.write("t", "a", 2);
            db.delete("t", "b");
            db.write("t", "c", 3);
            db.flush();
            ChangeEventsTest.await(() -> live.size() == 5);
        }
        try (Stream<Path> files = Files.list(dir.resolve("changes"))) {
            List<Path> retained = files.sorted().toList();
            assertEquals(2, retained.size(), retained.toString());
            return retained;
        }
    }

    /**
     * A checkpoint's retire of the log it made redundant is not fsynced (the next checkpoint's directory fsync
     * covers it), so a crash can undo the latest one: the segment is back among the rotated ones and recovery
     * replays it over tables that already hold it. That must change nothing: no value rewound, no deleted key back,
     * no version bumped, no event twice in the feed.
     */
    @Test
    void aRetireACrashUndoesIsReplayedAgainWithoutEffect() throws Exception {
        List<String> live = new CopyOnWriteArrayList<>();
        List<Path> retained = twoRetainedSegments(live);
        Path latest = retained.get(1);
        Files.move(latest, dir.resolve("wal.log.7")); // the rename a crash lost: back among the rotated segments
        try (MikroDB db = MikroDB.open(options().build())) {
            Item a = db.get("t", "a").orElseThrow();
            assertEquals(2, a.value().asInt());
            assertEquals(2, a.version(), "replaying a record again sets the item it holds, version included");
            assertFalse(db.get("t", "b").isPresent(), "the delete replayed again, not undone");
            assertEquals(3, db.get("t", "c").orElseThrow().value().asInt());
            List<String> replayed = new CopyOnWriteArrayList<>();
            try (Subscription s = db.subscribe(null, SubscribeOptions.fromRevision(0),
                    e -> replayed.add(describe(e)))) {
                ChangeEventsTest.await(() -> replayed.size() >= live.size());
                db.flush(); // recovery's checkpoint retired the segment again, under its old name
                assertEquals(live, replayed);
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("changes"))) {
            assertEquals(retained, files.sorted().toList());
        }
    }

    /**
     * Retiring moves segments oldest first with no fsync between, so a power cut on a file system that keeps name
     * operations out of order can undo the older move and keep the newer: the older segment is then a rotated one
     * again, listed after the newer. The history must still read in revision order, from its true start.
     */
    @Test
    void aRetireWhoseOlderMoveACrashUndidStillReadsInRevisionOrder() throws Exception {
        List<String> live = new CopyOnWriteArrayList<>();
        List<Path> retained = twoRetainedSegments(live);
        Files.move(retained.get(0), dir.resolve("wal.log.1")); // the older move lost, the newer kept
        try (MikroDB db = MikroDB.open(options().build())) {
            assertEquals(5, db.revision());
            assertEquals(live, history(db), "the history from revision 0, in order");
        }
    }

    /**
     * An os-mode power cut after a rotation can empty the rotated segment (its records never reached the disk) and
     * keep the new segment's header, which names the revision they reached. Those revisions are lost; counting them
     * as reached would leave a hole in the feed's history for ever, and a subscriber from before it would stall.
     * Recovery deletes the header-only segment and the revision goes back to the last record that survived.
     */
    @Test
    void revisionsLostWithARotatedSegmentLeaveNoHoleInTheHistory() throws Exception {
        Path image = dir.resolveSibling(dir.getFileName() + "-image");
        byte[] nextHeader;
        try (MikroDB db = MikroDB.open(options().durability(Durability.OS).build())) {
            db.write("t", "a", 1);
            db.write("t", "b", 2);
            db.flush(); // revisions 1 and 2 into changes/, the table file at revision 2
            db.write("t", "c", 3);
            FaultInjectionTest.crashCopy(dir, image);
            FaultInjectionTest.crashCopy(dir.resolve("changes"), image.resolve("changes"));
            db.flush(); // the rotation: a new segment whose header starts after revision 3
            nextHeader = Files.readAllBytes(dir.resolve("wal.log"));
        }
        Files.move(image.resolve("wal.log"), image.resolve("wal.log.1"));
        Files.write(image.resolve("wal.log.1"), new byte[0]); // revision 3 never reached the disk
        Files.write(image.resolve("wal.log"), nextHeader);
        CheckReport checked = MikroDB.check(image, null);
        assertTrue(checked.healthy(), checked.toString());
        try (MikroDB db = MikroDB.open(options().databaseDirectory(image).durability(Durability.OS).build())) {
            assertEquals(2, db.revision(), "revision 3 was lost with its segment");
            assertFalse(db.get("t", "c").isPresent());
            db.write("t", "d", 4);
            assertEquals(3, db.get("t", "d").orElseThrow().modRevision());
            assertEquals(List.of("item.written t/a@1", "item.written t/b@2", "item.written t/d@3"), history(db));
        }
    }

    /**
     * Retention deletes the oldest segments first, each deletion durable before the next: otherwise a power cut could
     * keep an older segment and lose a newer one, a hole no reader from the oldest revision can cross.
     */
    @Test
    void retentionMakesEachDeletionDurableBeforeTheNext() throws Exception {
        try (MikroDB db = MikroDB.open(options().build())) {
            for (int i = 0; i < 4; i++) {
                db.write("t", "k" + i, i);
                db.flush();
            }
        }
        Path changes = dir.resolve("changes").toAbsolutePath().normalize();
        List<String> calls = new CopyOnWriteArrayList<>();
        dev.mikrodb.testing.ForwardingFileLayer recording = new dev.mikrodb.testing.ForwardingFileLayer(
                dev.mikrodb.internal.storage.DiskFileLayer.INSTANCE) {
            @Override
            public void deleteIfExists(Path file) throws java.io.IOException {
                if (file.getParent().equals(changes)) {
                    calls.add("delete");
                }
                super.deleteIfExists(file);
            }

            @Override
            public void syncDirectory(Path directory) throws java.io.IOException {
                if (directory.equals(changes)) {
                    calls.add("sync");
                }
                super.syncDirectory(directory);
            }
        };
        try (MikroDB db = MikroDB.open(options().changeRetentionBytes(1).build(), recording)) {
            db.write("t", "last", 1);
            db.flush(); // over the cap: every retained segment goes
        }
        assertTrue(calls.stream().filter("delete"::equals).count() >= 4, calls.toString());
        assertFalse(String.join(",", calls).contains("delete,delete"), "a sync between deletions: " + calls);
    }

    /**
     * After its first checkpoint a database retires the segments its log says it rotated (a backup's rotation
     * included) without listing the directory; a retire that failed leaves its segment among the rotated ones, and
     * the next checkpoint lists again and moves it. The history then holds every change once, in order, before and
     * after a restart.
     */
    @Test
    void aSegmentAFailedRetireLeftIsRetiredByTheNextCheckpoint() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        List<String> live = new CopyOnWriteArrayList<>();
        try (MikroDB db = MikroDB.open(options().build(), files);
             Subscription s = db.subscribe(null, e -> live.add(describe(e)))) {
            db.write("t", "a", 1);
            db.flush(); // the first retire lists the directory
            db.write("t", "b", 2);
            db.backup(dir.resolveSibling(dir.getFileName() + "-backup.zip")); // rotates the log too
            db.write("t", "c", 3);
            db.flush(); // retires the backup's segment and its own from the log's list
            assertEquals(List.of(), rotatedSegments());
            files.failMovesInto = dir.resolve("changes");
            db.write("t", "d", 4);
            assertThrows(StorageException.class, db::flush);
            assertEquals(1, rotatedSegments().size(), "the segment stays until a retire succeeds");
            files.heal();
            db.write("t", "e", 5);
            db.flush();
            assertEquals(List.of(), rotatedSegments(), "the next checkpoint moved the one left behind");
            ChangeEventsTest.await(() -> live.size() == 5);
            assertEquals(live, history(db));
        }
        Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + "-backup.zip"));
        try (MikroDB db = MikroDB.open(options().build())) {
            assertEquals(live, history(db));
        }
    }

    private List<Path> rotatedSegments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("wal\\.log\\.\\d+")).toList();
        }
    }

    /** Every change the history holds, from the start, as {@link #describe} puts them. */
    private static List<String> history(MikroDB db) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        long last = db.revision();
        try (Subscription s = db.subscribe(null, SubscribeOptions.fromRevision(0), e -> events.add(describe(e)))) {
            ChangeEventsTest.await(() -> !events.isEmpty() && events.get(events.size() - 1).endsWith("@" + last));
        }
        return events;
    }

    /**
     * What a small checkpoint costs in directory fsyncs: one, after its table files, and none for moving the log
     * into the history (each is a journal commit; two more made a small checkpoint half again as slow).
     */
    @Test
    void aCheckpointSyncsTheDirectoryOnce() {
        FaultyFileLayer files = new FaultyFileLayer();
        try (MikroDB db = MikroDB.open(options().build(), files)) {
            db.write("t", "k", 0);
            db.flush(); // the first one also creates changes/, durably
            for (int i = 1; i <= 3; i++) {
                db.write("t", "k", i);
                int before = files.directorySyncs.get();
                db.flush();
                assertEquals(1, files.directorySyncs.get() - before, "checkpoint " + i);
            }
        }
    }

    /** The size cap holds after every checkpoint, counting the history an earlier session left as well. */
    @Test
    void theSizeCapHoldsAfterEveryCheckpointAcrossRestarts() throws Exception {
        long cap = 2_000;
        for (int session = 0; session < 2; session++) {
            try (MikroDB db = MikroDB.open(options().changeRetentionBytes(cap).build())) {
                for (int i = 0; i < 15; i++) {
                    db.write("t", "k" + i, "a value of some length, session " + session + ", write " + i);
                    db.flush();
                    long total = 0;
                    int count = 0;
                    try (Stream<Path> files = Files.list(dir.resolve("changes"))) {
                        for (Path p : files.toList()) {
                            total += Files.size(p);
                            count++;
                        }
                    }
                    assertTrue(total <= cap, "session " + session + ", checkpoint " + i + ": " + total + " bytes");
                    assertTrue(count >= 2 || i < 2, "the newest segments are kept: " + count);
                }
            }
        }
    }
}
