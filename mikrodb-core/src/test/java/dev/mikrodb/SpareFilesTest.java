package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deltas a merge replaced are kept as spares, and later table files are written over them (their blocks and cached
 * pages) instead of into new files. What must hold: the files written over spares read back exactly, a file another
 * name links to (a backup's hard link) is never written over, a failed checkpoint gives the spares' space back, and
 * close leaves none behind.
 */
class SpareFilesTest {
    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;

    private final FaultyFileLayer files = new FaultyFileLayer();

    private MikroOptions options() {
        // only the test's flushes checkpoint
        return MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(600_000)
                .maxWriteOpsBeforeFlush(1_000_000).build();
    }

    /**
     * A base of 1,000 items, sixteen deltas of {@code keysPerDelta} keys each, then a seventeenth that carries them
     * all and replaces the sixteen (flush returns once they are spares). Returns the sixteen's inodes.
     */
    private Set<Object> mergeSixteenDeltas(MikroDB db, int keysPerDelta) throws IOException {
        for (int i = 0; i < 1000; i++) {
            db.write("t", "k" + i, "base " + "x".repeat(100) + i);
        }
        db.flush();
        for (int round = 0; round < 16; round++) {
            for (int k = 0; k < keysPerDelta; k++) {
                db.write("t", "k" + (round * keysPerDelta + k), "round " + round + " " + "y".repeat(100));
            }
            db.flush();
        }
        Set<Object> inodes = new HashSet<>();
        for (Path p : deltas()) {
            inodes.add(inode(p));
        }
        assertEquals(16, inodes.size());
        db.write("t", "k0", "merged");
        db.flush();
        assertEquals(1, deltas().size(), "the merge replaced the sixteen: " + deltas());
        return inodes;
    }

    @Test
    void laterDeltasAreWrittenOverTheReplacedOnesAndReadBackExactly() throws Exception {
        try (MikroDB db = MikroDB.open(options(), files)) {
            Set<Object> replaced = mergeSixteenDeltas(db, 20);
            assertEquals(16, spares().size(), "each replaced delta kept as a spare");
            long spareBytes = Files.size(spares().get(0));
            db.write("t", "k1", "small"); // a delta of one key: shorter than any spare, so the spare is cut
            db.flush();
            Path small = newest();
            assertTrue(replaced.contains(inode(small)), "the new delta took a spare's blocks");
            assertTrue(Files.size(small) < spareBytes, Files.size(small) + " against a spare of " + spareBytes);
            for (int k = 0; k < 200; k++) { // longer than any spare: it grows
                db.write("t", "k" + k, "long " + "z".repeat(200) + k);
            }
            db.flush();
            assertTrue(replaced.contains(inode(newest())));
            assertEquals(14, spares().size());
        }
        assertEquals(List.of(), spares(), "close deleted the spares");
        try (MikroDB db = MikroDB.open(dir)) {
            assertEquals(1000, db.tableSize("t"));
            assertEquals("\"long " + "z".repeat(200) + 1 + "\"", db.get("t", "k1").orElseThrow().valueJson());
            assertEquals("\"round 15 " + "y".repeat(100) + "\"", db.get("t", "k319").orElseThrow().valueJson());
            assertEquals("\"base " + "x".repeat(100) + 999 + "\"", db.get("t", "k999").orElseThrow().valueJson());
        }
    }

    @Test
    void aDeltaWithAnotherLinkIsDeletedNotWrittenOver() throws Exception {
        try (MikroDB db = MikroDB.open(options(), files)) {
            for (int i = 0; i < 1000; i++) {
                db.write("t", "k" + i, "base " + "x".repeat(100) + i);
            }
            db.flush();
            db.write("t", "k0", "first delta");
            db.flush();
            Path first = deltas().get(0);
            Path link = elsewhere.resolve("linked.delta"); // as a backup links the files it stages
            Files.createLink(link, first);
            byte[] linkedBytes = Files.readAllBytes(link);
            for (int round = 1; round <= 16; round++) { // fifteen more deltas, then the merge of sixteen
                db.write("t", "k" + round, "round " + round);
                db.flush();
            }
            assertEquals(1, deltas().size());
            assertEquals(15, spares().size(), "the linked delta was deleted, the other fifteen kept");
            for (int round = 0; round < 20; round++) { // every spare written over, and more
                db.write("t", "k" + round, "later " + round + " " + "w".repeat(150));
                db.flush();
                for (Path p : deltas()) {
                    assertFalse(inode(p).equals(inode(link)), "a delta written over the linked file: " + p);
                }
            }
            assertArrayEquals(linkedBytes, Files.readAllBytes(link), "the link's bytes changed");
        }
    }

    @Test
    void aNewBaseIsWrittenOverTheBaseItReplacedUnlessABackupLinksIt() throws Exception {
        Path base = dir.resolve("t.tbl");
        try (MikroDB db = MikroDB.open(options(), files)) {
            rewriteAll(db, "first");
            Object first = inode(base);
            rewriteAll(db, "second"); // every item changed: a new base, and the first becomes a spare
            assertEquals(List.of(first), inodes(spares()));
            Object second = inode(base);
            rewriteAll(db, "third");
            assertEquals(first, inode(base), "the third base was written over the first");
            assertEquals(List.of(second), inodes(spares()));

            Path link = elsewhere.resolve("staged.tbl"); // as a backup's staging links the base
            Files.createLink(link, base);
            byte[] staged = Files.readAllBytes(link);
            rewriteAll(db, "fourth"); // written over the second; the third, linked, is not kept
            assertEquals(second, inode(base));
            assertEquals(List.of(), spares());
            rewriteAll(db, "fifth");
            assertArrayEquals(staged, Files.readAllBytes(link), "the staged base's bytes changed");
        }
        try (MikroDB db = MikroDB.open(dir)) {
            assertEquals(1000, db.tableSize("t"));
            assertEquals("\"fifth 999\"", db.get("t", "k999").orElseThrow().valueJson());
        }
    }

    private static void rewriteAll(MikroDB db, String value) {
        for (int i = 0; i < 1000; i++) {
            db.write("t", "k" + i, value + " " + i);
        }
        db.flush();
    }

    private static List<Object> inodes(List<Path> paths) throws IOException {
        List<Object> all = new java.util.ArrayList<>();
        for (Path p : paths) {
            all.add(inode(p));
        }
        return all;
    }

    @Test
    void aFailedCheckpointDeletesTheSparesAndTheRetryWritesEverything() throws Exception {
        try (MikroDB db = MikroDB.open(options(), files)) {
            mergeSixteenDeltas(db, 5);
            assertEquals(16, spares().size());
            db.write("t", "k7", "before the full disk");
            files.fillDisk();
            assertThrows(StorageException.class, db::flush);
            assertEquals(List.of(), spares(), "their space given back for the retry");
            files.heal();
            db.flush();
        }
        try (MikroDB db = MikroDB.open(dir)) {
            assertEquals("\"before the full disk\"", db.get("t", "k7").orElseThrow().valueJson());
            assertEquals("\"merged\"", db.get("t", "k0").orElseThrow().valueJson());
            assertEquals(1000, db.tableSize("t"));
        }
    }

    @Test
    void sparesLeftByAKilledProcessAreDeletedAtOpen() throws Exception {
        try (MikroDB db = MikroDB.open(options(), files)) {
            mergeSixteenDeltas(db, 5);
            for (Path p : spares()) { // what a killed process leaves: close would have deleted them
                Files.copy(p, elsewhere.resolve(p.getFileName()));
            }
        }
        try (Stream<Path> left = Files.list(elsewhere)) {
            for (Path p : left.toList()) {
                Files.move(p, dir.resolve(p.getFileName()));
            }
        }
        assertEquals(16, spares().size());
        try (MikroDB db = MikroDB.open(dir)) {
            assertEquals(List.of(), spares());
            assertEquals(1000, db.tableSize("t"));
            assertEquals("\"merged\"", db.get("t", "k0").orElseThrow().valueJson());
        }
    }

    private List<Path> deltas() throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().matches("t\\+\\d+\\.delta")).sorted().toList();
        }
    }

    private Path newest() throws IOException {
        List<Path> all = deltas();
        return all.stream().max((a, b) -> Long.compare(seq(a), seq(b))).orElseThrow();
    }

    private static long seq(Path delta) {
        String name = delta.getFileName().toString();
        return Long.parseLong(name.substring(2, name.length() - ".delta".length()));
    }

    private List<Path> spares() throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(dev.mikrodb.internal.storage.SpareFiles::isSpare).sorted().toList();
        }
    }

    private static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino");
    }
}
