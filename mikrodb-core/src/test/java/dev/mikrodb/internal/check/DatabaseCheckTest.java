package dev.mikrodb.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.CheckReport.FileCheck;
import dev.mikrodb.CheckReport.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the check says of a file it listed that is gone when it reads it, and of one it cannot read. */
class DatabaseCheckTest {
    @TempDir
    Path dir;

    @Test
    void aFileRemovedAfterTheListingIsSkippedNotDamaged() {
        FileCheck table = DatabaseCheck.table(dir.resolve("users+7.delta"), "users", null);
        FileCheck wal = DatabaseCheck.wal(dir.resolve("wal.log.3"), null, new WalGaps());
        for (FileCheck f : new FileCheck[] {table, wal}) {
            assertEquals(Status.SKIPPED, f.status(), f.toString());
            assertTrue(f.detail().contains("removed while checking"), f.detail());
        }
    }

    @Test
    void aFileThatCannotBeReadIsStillDamaged() throws Exception {
        Path directoryInsteadOfFile = Files.createDirectory(dir.resolve("users.tbl"));
        FileCheck f = DatabaseCheck.table(directoryInsteadOfFile, "users", null);
        assertEquals(Status.DAMAGED, f.status(), f.toString());
        assertTrue(f.detail().startsWith("unreadable"), f.detail());
    }
}
