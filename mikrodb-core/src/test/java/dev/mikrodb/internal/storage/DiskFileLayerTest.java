package dev.mikrodb.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFileLayerTest {
    @TempDir
    Path dir;

    @Test
    void listingNamesEveryEntryAndTreatsWhatIsNoDirectoryAsEmpty() throws Exception {
        Files.write(dir.resolve("a.tbl"), new byte[] {1});
        Files.write(dir.resolve("wal.log"), new byte[] {2});
        Files.createDirectories(dir.resolve("changes"));
        Set<Path> listed = new TreeSet<>(DiskFileLayer.INSTANCE.list(dir));
        assertEquals(Set.of(dir.resolve("a.tbl"), dir.resolve("wal.log"), dir.resolve("changes")), listed);
        assertEquals(List.of(), DiskFileLayer.INSTANCE.list(dir.resolve("changes")), "an empty directory");
        assertEquals(List.of(), DiskFileLayer.INSTANCE.list(dir.resolve("absent")), "a path that does not exist");
        assertEquals(List.of(), DiskFileLayer.INSTANCE.list(dir.resolve("a.tbl")), "a file, not a directory");
    }
}
