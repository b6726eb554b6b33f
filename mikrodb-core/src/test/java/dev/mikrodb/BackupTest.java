package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: online backups equal the committed state at their cut; damaged or partial backups never restore. */
class BackupTest {
    @TempDir
    Path dir;

    @Test
    void aBackupTakenUnderEightWritersRestoresExactlyTheStateAtItsCut() throws Exception {
        Path data = dir.resolve("data");
        Path backups = Files.createDirectories(dir.resolve("backups"));
        int writers = 8;
        long[] acknowledged = new long[writers];
        AtomicBoolean stop = new AtomicBoolean();
        BackupInfo info;
        long before;
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(data).maxWalBytes(256 << 10)
                .build())) {
            db.inDatabase("app").write("seed", "s", 1); // a second database in the backup
            long startRevision = db.revision();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch running = new CountDownLatch(writers);
            for (int w = 0; w < writers; w++) {
                int id = w;
                threads.add(new Thread(() -> {
                    running.countDown();
                    for (long seq = 0; !stop.get(); seq++) {
                        if (id % 2 == 0) {
                            db.write("w" + id, String.format("%09d", seq), Map.of("seq", seq));
                        } else { // a batch of three: all or none of it may be in the backup
                            List<WriteRequest> batch = new ArrayList<>();
                            for (int part = 0; part < 3; part++) {
                                batch.add(WriteRequest.builder("w" + id, String.format("%09d-%d", seq, part))
                                        .value(Map.of("seq", seq)).build());
                            }
                            db.writeBatch(batch);
                        }
                        acknowledged[id] = seq;
                    }
                }));
            }
            threads.forEach(Thread::start);
            running.await();
            while (db.revision() < startRevision + 20_000) {
                Thread.onSpinWait(); // let the writers get going and the WAL rotate through checkpoints
            }
            before = db.revision();
            info = db.backup(backups);
            long after = db.revision();
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(info.revision() >= before && info.revision() <= after, "the cut lies within the call");
            assertTrue(after > info.revision(), "writers kept committing during the backup: " + before + " "
                    + info.revision() + " " + after);
            Path restored = dir.resolve("restored");
            MikroDB.restoreBackup(info.file(), MikroOptions.builder().databaseDirectory(restored).build());
            try (MikroDB copy = MikroDB.open(restored)) {
                assertEquals(info.revision(), copy.revision(), "restored at the cut's revision");
                long commits = 0;
                for (int w = 0; w < writers; w++) {
                    List<Item> items = copy.query("w" + w, Query.all());
                    int perCommit = w % 2 == 0 ? 1 : 3;
                    assertEquals(0, items.size() % perCommit, "no half batch of writer " + w);
                    long n = items.size() / perCommit;
                    for (Item item : items) {
                        long seq = item.value().get("seq").asLong();
                        assertTrue(seq < n, "writer " + w + ": the backup holds a prefix of its writes");
                    }
                    commits += n;
                }
                assertEquals(info.revision() - startRevision, commits, "every commit up to the cut, none after");
                assertEquals(1, copy.inDatabase("app").tableSize("seed"));
            }
        }
        assertEquals(2, info.databasesCount());
        assertEquals(writers + 1, info.collectionsCount());
        assertTrue(info.file().getFileName().toString().matches("backup-\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d"
                + "(-\\d+)?\\.zip"), info.file().toString());
        assertEquals(List.of(info.file()), MikroDB.listBackups(backups).stream().map(BackupInfo::file).toList());
        assertEquals(info.revision(), MikroDB.verifyBackup(info.file(), null).revision());
    }

    @Test
    void oneFlippedByteOrATruncationFailsVerifyAndRestoreNamingTheFile() throws Exception {
        Path backup;
        try (MikroDB db = MikroDB.open(dir.resolve("data"))) {
            for (int i = 0; i < 2_000; i++) {
                db.write("t", "k" + i, "value " + i);
            }
            db.flush();
            db.write("t", "after-checkpoint", 1); // in the WAL segment, not the table file
            long[] last = new long[2];
            backup = db.backup(dir.resolve("b.zip"), true, (done, total) -> {
                assertTrue(done >= last[0] && done <= total, done + " of " + total);
                last[0] = done;
                last[1] = total;
            }).file();
            assertTrue(last[1] > 0 && last[0] == last[1], "progress reaches every byte: " + last[0] + "/" + last[1]);
        }
        byte[] good = Files.readAllBytes(backup);
        Random random = new Random(7);
        int failures = 0;
        for (int trial = 0; trial < 40; trial++) {
            byte[] bad = good.clone();
            int at = random.nextInt(bad.length);
            bad[at] ^= (byte) (1 << random.nextInt(8));
            Path damaged = dir.resolve("damaged-" + trial + ".zip");
            Files.write(damaged, bad);
            try {
                MikroDB.verifyBackup(damaged, null);
            } catch (BackupVerificationException e) {
                failures++;
                Path target = dir.resolve("restore-" + trial);
                assertThrows(BackupVerificationException.class, () -> MikroDB.restoreBackup(damaged,
                        MikroOptions.builder().databaseDirectory(target).build()));
                assertFalse(Files.exists(target) && nonEmpty(target), "a failed restore leaves nothing behind");
            }
        }
        // A flip in ZIP metadata that no reader uses (a timestamp, say) changes nothing that is restored; every
        // other flip is caught by the ZIP CRC, the SHA-256 of the manifest, or the structure.
        assertTrue(failures >= 30, failures + " of 40 flips detected");
        Path flipped = dir.resolve("flipped.zip");
        byte[] bad = good.clone();
        bad[50] ^= 1; // inside the first entry's data (mikrodb.meta is stored first: a 30-byte header, its name)
        Files.write(flipped, bad);
        BackupVerificationException named = assertThrows(BackupVerificationException.class,
                () -> MikroDB.verifyBackup(flipped, null));
        assertTrue(named.getMessage().contains("mikrodb.meta") || named.getMessage().contains("damaged"),
                named.getMessage());
        Path truncated = dir.resolve("truncated.zip");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        assertThrows(BackupVerificationException.class, () -> MikroDB.verifyBackup(truncated, null));
        assertTrue(MikroDB.listBackups(dir).stream().noneMatch(b -> b.file().equals(truncated)),
                "a truncated archive is not listed as a backup");
        Path target = dir.resolve("good-restore");
        MikroDB.restoreBackup(backup, MikroOptions.builder().databaseDirectory(target).build());
        try (MikroDB copy = MikroDB.open(target)) {
            assertEquals(2_001, copy.tableSize("t"));
        }
        ValidationException notEmpty = assertThrows(ValidationException.class, () -> MikroDB.restoreBackup(backup,
                MikroOptions.builder().databaseDirectory(target).build()));
        assertTrue(notEmpty.getMessage().contains("empty directory"), notEmpty.getMessage());
    }

    /**
     * A sync database's backup holds the WAL segment its rotation cut, with the zeros the log wrote ahead of the
     * records; a later checkpoint cuts them through the shared link. The backup verifies and restores its cut.
     */
    @Test
    void aSyncDatabasesBackupHoldsItsSegmentsZerosAndRestoresItsCut() throws Exception {
        Path backup;
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir.resolve("data"))
                .durability(Durability.SYNC).maxWriteOpsBeforeFlush(1_000_000).walIntervalMillis(60_000).build())) {
            for (int i = 0; i < 100; i++) {
                db.write("t", "k" + i, i);
            }
            backup = db.backup(dir.resolve("b.zip"), true, (done, total) -> { }).file();
            db.write("t", "after-the-cut", 1);
            db.flush(); // retires the segment the backup linked, cutting its zeros
        }
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(backup.toFile())) {
            assertTrue(zip.stream().anyMatch(e -> e.getName().startsWith("wal.log.") && e.getSize() > 64 * 1024),
                    "the archived segment carries the zeros written ahead of its records");
        }
        MikroDB.verifyBackup(backup, null);
        Path target = dir.resolve("restored");
        MikroDB.restoreBackup(backup, MikroOptions.builder().databaseDirectory(target).build());
        try (MikroDB copy = MikroDB.open(target)) {
            assertEquals(100, copy.tableSize("t"));
            assertFalse(copy.get("t", "after-the-cut").isPresent());
        }
        try (Stream<Path> files = Files.list(target)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("damaged")), "zeros are no damage");
        }
    }

    @Test
    void anEncryptedDatabaseStaysEncryptedInItsBackup() throws Exception {
        MikroOptions options = MikroOptions.builder().databaseDirectory(dir.resolve("data"))
                .encryptionKey("backup passphrase").build();
        Path backup;
        try (MikroDB db = MikroDB.open(options)) {
            db.write("secrets", "k", "plaintext-marker-0123456789");
            db.flush();
            db.write("secrets", "k2", "plaintext-marker-9876543210");
            backup = db.backup(dir.resolve("enc.zip")).file();
        }
        assertTrue(MikroDB.listBackups(dir).get(0).encrypted());
        try (var zip = new java.util.zip.ZipFile(backup.toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) {
                String content = new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains("plaintext-marker"), e.getName() + " holds plaintext");
                assertFalse(content.contains("backup passphrase"), e.getName() + " holds the key");
            }
        }
        MikroDB.verifyBackup(backup, null); // hashes only without the key
        MikroDB.verifyBackup(backup, "backup passphrase");
        assertThrows(EncryptionKeyException.class, () -> MikroDB.verifyBackup(backup, "wrong passphrase"));
        Path target = dir.resolve("restored");
        MikroDB.restoreBackup(backup, MikroOptions.builder().databaseDirectory(target)
                .encryptionKey("backup passphrase").build());
        try (MikroDB copy = MikroDB.open(MikroOptions.builder().databaseDirectory(target)
                .encryptionKey("backup passphrase").build())) {
            assertEquals("\"plaintext-marker-9876543210\"", copy.get("secrets", "k2").orElseThrow().valueJson());
        }
    }

    @Test
    void killedWhileBackingUpNeverLeavesABackupThatListsOrVerifiesAsComplete() throws Exception {
        Path data = dir.resolve("data");
        Path backups = dir.resolve("backups");
        Random random = new Random();
        for (int round = 0; round < 3; round++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    BackupChild.class.getName(), data.toString(), backups.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            CountDownLatch firstBackup = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("BACKUP")) {
                            firstBackup.countDown();
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the child was killed
                }
            });
            reader.start();
            assertTrue(firstBackup.await(120, TimeUnit.SECONDS), "the child took a backup");
            Thread.sleep(random.nextInt(200)); // a random moment, most likely in the middle of the next backup
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join();
        }
        List<BackupInfo> listed = MikroDB.listBackups(backups);
        assertTrue(listed.size() >= 3, "listed: " + listed);
        for (BackupInfo b : listed) {
            MikroDB.verifyBackup(b.file(), null);
        }
        try (Stream<Path> files = Files.list(backups)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                assertTrue(name.endsWith(".zip") || name.endsWith(".zip.partial"), name);
            }
        }
        try (MikroDB db = MikroDB.open(data)) {
            assertEquals(20_001, db.tableSize("t"));
        }
        try (Stream<Path> files = Files.list(data)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".backup-staging-")),
                    "opening removes a killed backup's staging directory");
        }
    }

    private static boolean nonEmpty(Path d) throws java.io.IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isPresent();
        }
    }
}
