package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.CheckReport.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: check reports a healthy database as healthy, and every planted byte flip (before a WAL tail) as damage. */
class CheckTest {
    @TempDir
    Path dir;

    @Test
    void aHealthyDatabaseChecksOkAndEveryFlippedByteIsFound() throws Exception {
        Path image = dir.resolve("image");
        try (MikroDB db = MikroDB.open(dir.resolve("live"))) {
            for (int i = 0; i < 2_000; i++) {
                db.write("t", "k" + i, "value " + i);
            }
            db.inDatabase("shop").write("orders", "o1", 1);
            db.flush(); // table files
            for (int i = 0; i < 50; i++) {
                db.write("t", "late" + i, i); // only in the WAL
            }
            db.flushWAL();
            copy(dir.resolve("live"), image); // a crash image: table files plus a WAL with records
        }
        CheckReport healthy = MikroDB.check(image, null);
        assertTrue(healthy.healthy(), healthy.toString());
        long tableEntries = healthy.files().stream().filter(f -> f.file().equals("t.tbl") || f.file().startsWith(
                "t+")).peek(f -> assertEquals(Status.OK, f.status())).mapToLong(CheckReport.FileCheck::records).sum();
        assertTrue(tableEntries >= 2_000, "every entry of t's base and deltas verified: " + healthy);
        assertTrue(healthy.files().stream().anyMatch(f -> f.file().startsWith("wal.log") && f.records() >= 50),
                healthy.toString());
        assertTrue(MikroDB.check(dir.resolve("live"), null).healthy(), "a cleanly closed database is healthy");

        Random random = new Random(16);
        List<Path> files;
        try (Stream<Path> s = Files.list(image)) {
            files = s.filter(p -> !p.getFileName().toString().equals("LOCK")).sorted().toList();
        }
        int planted = 0;
        List<String> missed = new ArrayList<>();
        for (Path f : files) {
            long size = Files.size(f);
            boolean activeWal = f.getFileName().toString().equals("wal.log");
            long limit = activeWal ? size - 200 : size; // the last records of the active WAL could be a torn tail
            for (int trial = 0; trial < 15 && limit > 0; trial++) {
                Path copy = dir.resolve("flip-" + planted);
                copy(image, copy);
                Path target = copy.resolve(f.getFileName());
                byte[] bytes = Files.readAllBytes(target);
                int at = random.nextInt((int) limit);
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                Files.write(target, bytes);
                CheckReport r = MikroDB.check(copy, null);
                planted++;
                boolean found = r.files().stream().anyMatch(c -> c.file().equals(f.getFileName().toString())
                        && c.status() == Status.DAMAGED);
                if (!found || r.healthy()) {
                    missed.add(f.getFileName() + " byte " + at + ": " + r);
                }
            }
        }
        assertTrue(planted >= 45, "flips planted: " + planted);
        assertTrue(missed.isEmpty(), missed.size() + " of " + planted + " flips missed:\n" + String.join("\n",
                missed));
    }

    /**
     * The change feed's history in changes/ is read by subscribers (FeedHistory tells them to run check when it
     * misses a revision): every retained segment is verified, and a hole in the revisions between them is damage.
     * A retained segment whose move a power cut undid (a rotated segment again) still continues the history.
     */
    @Test
    void theChangeFeedsHistoryIsCheckedAndAHoleInItIsDamage() throws Exception {
        Path live = dir.resolve("history");
        try (MikroDB db = MikroDB.open(live)) {
            for (int i = 0; i < 4; i++) {
                db.write("t", "k" + i, i);
                db.write("t", "j" + i, i);
                db.flush(); // each checkpoint retires a segment of two commits into changes/
            }
        }
        List<Path> retained;
        try (Stream<Path> s = Files.list(live.resolve("changes"))) {
            retained = s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
        }
        assertEquals(4, retained.size(), retained.toString());
        CheckReport healthy = MikroDB.check(live, null);
        assertTrue(healthy.healthy(), healthy.toString());
        assertEquals(4, healthy.files().stream().filter(f -> f.file().startsWith("changes/")
                && f.status() == Status.OK && f.records() == 2).count(), healthy.toString());

        Path undone = dir.resolve("undone"); // the older move lost, the newer kept: history all the same
        copyWithHistory(live, undone);
        Files.move(undone.resolve("changes").resolve(retained.get(1).getFileName()), undone.resolve("wal.log.1"));
        assertTrue(MikroDB.check(undone, null).healthy(), MikroDB.check(undone, null).toString());

        Path hole = dir.resolve("hole");
        copyWithHistory(live, hole);
        Files.delete(hole.resolve("changes").resolve(retained.get(1).getFileName()));
        CheckReport holed = MikroDB.check(hole, null);
        assertFalse(holed.healthy());
        CheckReport.FileCheck after = holed.files().stream().filter(f -> f.file().equals("changes/"
                + retained.get(2).getFileName())).findFirst().orElseThrow();
        assertEquals(Status.DAMAGED, after.status(), holed.toString());
        assertTrue(after.detail().contains("revisions 3 to 4 are missing"), after.detail());

        Path flipped = dir.resolve("flipped");
        copyWithHistory(live, flipped);
        Path segment = flipped.resolve("changes").resolve(retained.get(3).getFileName());
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(segment, bytes);
        CheckReport damaged = MikroDB.check(flipped, null);
        assertFalse(damaged.healthy());
        assertEquals(Status.DAMAGED, damaged.files().stream().filter(f -> f.file().equals("changes/"
                + retained.get(3).getFileName())).findFirst().orElseThrow().status(), damaged.toString());
    }

    @Test
    void aTornWalTailIsAWarningAndAMissingMetaFileIsDamage() throws Exception {
        Path image = dir.resolve("image");
        try (MikroDB db = MikroDB.open(dir.resolve("live"))) {
            db.write("t", "k", 1);
            db.flushWAL();
            copy(dir.resolve("live"), image);
        }
        Path wal = image.resolve("wal.log");
        byte[] bytes = Files.readAllBytes(wal);
        Files.write(wal, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // the last record cut short
        CheckReport torn = MikroDB.check(image, null);
        assertTrue(torn.healthy(), torn.toString());
        assertEquals(Status.TORN_TAIL, torn.files().stream().filter(f -> f.file().equals("wal.log")).findFirst()
                .orElseThrow().status());
        Files.delete(image.resolve("mikrodb.meta"));
        assertFalse(MikroDB.check(image, null).healthy());
    }

    /**
     * What a power cut leaves in two harmless places: a first open cut before its metadata file took its name (only
     * a temporary file), and a WAL segment made but never written (its header not yet on disk). Neither is damage:
     * check says healthy, and the open that follows finds them as an empty database and an empty log, setting
     * nothing aside.
     */
    @Test
    void aFirstOpenCutShortAndAnEmptyWalSegmentAreNotDamage() throws Exception {
        Path unborn = Files.createDirectories(dir.resolve("unborn"));
        Files.write(unborn.resolve("mikrodb.meta.tmp"), new byte[] {1, 2, 3});
        CheckReport never = MikroDB.check(unborn, null);
        assertTrue(never.healthy(), never.toString());
        assertEquals(Status.SKIPPED, never.files().stream().filter(f -> f.file().equals("mikrodb.meta")).findFirst()
                .orElseThrow().status());
        try (MikroDB db = MikroDB.open(unborn)) {
            assertTrue(db.tables().isEmpty());
        }

        Path live = dir.resolve("empty-wal");
        try (MikroDB db = MikroDB.open(live)) {
            db.write("t", "k", 1);
            db.flush(); // the item is in a table file; the WAL holds no record
        }
        Files.write(live.resolve("wal.log"), new byte[0]);
        CheckReport empty = MikroDB.check(live, null);
        assertTrue(empty.healthy(), empty.toString());
        assertEquals(Status.OK, empty.files().stream().filter(f -> f.file().equals("wal.log")).findFirst()
                .orElseThrow().status());
        try (MikroDB db = MikroDB.open(live)) {
            assertEquals(1, db.get("t", "k").orElseThrow().value().asInt());
            db.write("t", "after", 2);
        }
        try (Stream<Path> files = Files.list(live)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("damaged")), "nothing set aside");
        }
        try (MikroDB db = MikroDB.open(live)) {
            assertEquals(2, db.get("t", "after").orElseThrow().value().asInt());
        }
        Files.delete(live.resolve("mikrodb.meta"));
        assertFalse(MikroDB.check(live, null).healthy(), "beside data, a missing metadata file is damage");
    }

    /**
     * A plain delta's bytes under another delta's name (what a file system that lost a rename could show) would be
     * applied out of order; the header's sequence number gives it away, as authentication does for encrypted files.
     */
    @Test
    void aDeltaUnderAnotherDeltasNameIsDamage() throws Exception {
        Path live = dir.resolve("named");
        try (MikroDB db = MikroDB.open(live)) {
            for (int i = 0; i < 100; i++) {
                db.write("t", "k" + i, i);
            }
            db.flush(); // a base
            for (int round = 0; round < 2; round++) {
                db.write("t", "shared", round);
                db.flush(); // a delta, too small to make a new base
            }
        }
        List<Path> deltas;
        try (Stream<Path> files = Files.list(live)) {
            deltas = files.filter(p -> p.getFileName().toString().endsWith(".delta")).sorted().toList();
        }
        assertEquals(2, deltas.size(), deltas.toString());
        Files.copy(deltas.get(1), deltas.get(0), StandardCopyOption.REPLACE_EXISTING);
        CheckReport report = MikroDB.check(live, null);
        assertFalse(report.healthy(), report.toString());
        CheckReport.FileCheck misnamed = report.files().stream()
                .filter(f -> f.file().equals(deltas.get(0).getFileName().toString())).findFirst().orElseThrow();
        assertEquals(Status.DAMAGED, misnamed.status());
        assertTrue(misnamed.detail().contains("named as delta"), misnamed.detail());
        try (MikroDB db = MikroDB.open(live)) {
            org.junit.jupiter.api.Assertions.assertThrows(CorruptionException.class, () -> db.get("t", "shared"));
        }
    }

    /** {@link #copy}, and the change feed's history in changes/. */
    private static void copyWithHistory(Path from, Path to) throws Exception {
        copy(from, to);
        copy(from.resolve("changes"), to.resolve("changes"));
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void salvageKeepsWhatVerifiesAndListsWhatWasLost() throws Exception {
        Path image = dir.resolve("image");
        try (MikroDB db = MikroDB.open(dir.resolve("live"))) {
            for (int i = 0; i < 500; i++) {
                db.write("good", "k" + i, i);
                db.write("bad", "k" + i, i);
            }
            db.flush();
            for (int i = 0; i < 20; i++) {
                db.write("late", "k" + i, i);
            }
            db.flushWAL();
            copy(dir.resolve("live"), image);
        }
        Path badFile = image.resolve("bad.tbl");
        byte[] bytes = Files.readAllBytes(badFile);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(badFile, bytes);
        byte[] before = Files.readAllBytes(badFile);
        SalvageReport r = MikroDB.salvage(image, dir.resolve("salvaged"), null);
        assertTrue(r.lost().stream().anyMatch(l -> l.startsWith("bad.tbl: damaged at offset")), r.toString());
        assertTrue(r.kept().stream().anyMatch(k -> k.startsWith("good.tbl")), r.toString());
        assertEquals(520, r.items(), "good's 500 and the WAL's 20 survive; bad's file is lost: " + r);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(badFile)), "the source is not changed");
        assertTrue(MikroDB.check(dir.resolve("salvaged"), null).healthy());
        try (MikroDB salvaged = MikroDB.open(dir.resolve("salvaged"))) {
            assertEquals(500, salvaged.tableSize("good"));
            assertEquals(20, salvaged.tableSize("late"));
        }
    }
}
