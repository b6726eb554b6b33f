package dev.mikrodb.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool's own rules, on a real directory: when a spare may be taken, which one, and what it refuses. */
class SpareFilesPoolTest {
    @TempDir
    Path dir;

    private SpareFiles pool() {
        return new SpareFiles(DiskFileLayer.INSTANCE, dir);
    }

    private Path file(String name, int bytes) throws Exception {
        return Files.write(dir.resolve(name), new byte[bytes]);
    }

    @Test
    void anOfferedFileIsTakenOnlyAfterTheDirectoryFsyncThatMakesItsSpareNameDurable() throws Exception {
        SpareFiles pool = pool();
        assertTrue(pool.offer(file("t+1.delta", 100)));
        assertFalse(Files.exists(dir.resolve("t+1.delta")), "renamed away");
        assertNull(pool.take(0), "offered, not yet published");
        pool.publishOffered();
        SpareFiles.Spare spare = pool.take(0);
        assertEquals(100, spare.bytes());
        assertTrue(SpareFiles.isSpare(spare.path()) && Files.exists(spare.path()));
        assertNull(pool.take(0), "taken once");
    }

    @Test
    void theSmallestLongEnoughIsTakenElseTheLongest() throws Exception {
        SpareFiles pool = pool();
        for (int bytes : new int[] {1_000, 100, 10_000}) {
            assertTrue(pool.offer(file("t+" + bytes + ".delta", bytes)));
        }
        pool.publishOffered();
        assertEquals(1_000, pool.take(500).bytes(), "the smallest of those long enough");
        assertEquals(10_000, pool.take(20_000).bytes(), "none long enough: the longest");
        assertEquals(100, pool.take(Long.MAX_VALUE).bytes(), "the one left");
    }

    @Test
    void aFileWithASecondLinkOrPastTheLimitsIsRefusedAndLeftWhereItIs() throws Exception {
        SpareFiles pool = pool();
        Path linked = file("t+1.delta", 10);
        Files.createLink(dir.resolve("backup-link"), linked);
        assertFalse(pool.offer(linked));
        assertTrue(Files.exists(linked));

        for (int i = 0; i < SpareFiles.MAX_FILES; i++) {
            assertTrue(pool.offer(file("u+" + i + ".delta", 10)));
        }
        Path oneTooMany = file("v+1.delta", 10);
        assertFalse(pool.offer(oneTooMany), "past " + SpareFiles.MAX_FILES + " files");
        assertTrue(Files.exists(oneTooMany));

        SpareFiles another = new SpareFiles(DiskFileLayer.INSTANCE, dir.resolve("sub"));
        Files.createDirectories(dir.resolve("sub"));
        Path big = Files.write(dir.resolve("sub").resolve("w+1.delta"), new byte[0]);
        try (var channel = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[1]), SpareFiles.MAX_BYTES); // sparse: one byte past
        }
        assertFalse(another.offer(big), "past " + SpareFiles.MAX_BYTES + " bytes");
    }

    @Test
    void discardAllDeletesEverySpareReadyOrOffered() throws Exception {
        SpareFiles pool = pool();
        assertTrue(pool.offer(file("t+1.delta", 10)));
        pool.publishOffered();
        assertTrue(pool.offer(file("t+2.delta", 10)));
        pool.discardAll();
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.count());
        }
        assertNull(pool.take(0));
    }
}
