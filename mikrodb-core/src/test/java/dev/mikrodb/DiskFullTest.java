package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A full disk, on a real small file system (a tmpfs, when the tests run as root) or else through the fault layer:
 * the failed write says so, reads keep working, writes resume once space is freed without a restart, and opening a
 * database needs no space for its tables.
 */
class DiskFullTest {
    @TempDir
    Path root;

    private static MikroOptions options(Path dir) {
        return options(dir, Durability.OS);
    }

    private static MikroOptions options(Path dir, Durability durability) {
        return MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(60_000).maxWriteOpsBeforeFlush(50)
                .durability(durability).build();
    }

    private static String value(int i) {
        return "v".repeat(2_000) + i;
    }

    /** Under {@code sync} the log also writes zeros ahead of its records: on a full disk those fail first. */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"OS", "SYNC"})
    void aFullDiskRefusesWritesClearlyKeepsReadsAndRecoversWithoutARestart(Durability durability) throws Exception {
        Optional<SmallDisk> disk = SmallDisk.mount(root.resolve("small"), 2 << 20);
        FaultyFileLayer faults = new FaultyFileLayer();
        Path dir = disk.map(d -> d.path().resolve("db")).orElse(root.resolve("db"));
        List<Integer> acknowledged = new ArrayList<>();
        try (MikroDB db = MikroDB.open(options(dir, durability), faults)) {
            for (int i = 0; i < 100; i++) {
                db.write("t", "k" + i, value(i));
                acknowledged.add(i);
            }
            DiskFullException full = null;
            if (disk.isPresent()) {
                disk.get().fill(0);
                for (int i = 100; i < 2_000 && full == null; i++) {
                    try {
                        db.write("t", "k" + i, value(i));
                        acknowledged.add(i);
                    } catch (DiskFullException e) {
                        full = e;
                    }
                }
            } else {
                faults.fillDisk();
                int i = 100;
                full = assertThrows(DiskFullException.class, () -> db.write("t", "k" + i, value(i)));
            }
            assertTrue(full != null, "the disk filled up");
            assertTrue(full.getMessage().contains("disk is full") && full.getMessage().contains("no restart"),
                    full.getMessage());
            for (int i : acknowledged) {
                assertEquals("\"" + value(i) + "\"", db.get("t", "k" + i).orElseThrow().valueJson(),
                        "reads keep working");
            }
            if (disk.isPresent()) {
                disk.get().freeBallast();
            } else {
                faults.heal();
            }
            db.write("t", "after", 1); // no reopen needed
            db.flush();
            acknowledged.add(-1);
        } finally {
            if (disk.isPresent()) {
                try (MikroDB db = MikroDB.open(options(dir))) {
                    for (int i : acknowledged) {
                        assertTrue(db.get("t", i < 0 ? "after" : "k" + i).isPresent(), "acknowledged write " + i);
                    }
                }
                disk.get().close();
            }
        }
    }

    @Test
    void openingNeedsNoSpaceForTheTablesItReplays() throws Exception {
        Path image = root.resolve("image");
        Path live = root.resolve("live");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(live).walIntervalMillis(600_000)
                .maxWriteOpsBeforeFlush(1_000_000).build())) {
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(WriteRequest.of("t", "k" + i, Map.of("v", value(i))));
            }
            db.writeBatch(batch); // 600 KB in the WAL, no table file yet
            FaultInjectionTest.crashCopy(live, image);
        }
        long imageBytes;
        try (var files = Files.list(image)) {
            imageBytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        // Room for the image and, once the ballast is gone, for the table file the first checkpoint writes.
        Optional<SmallDisk> disk = SmallDisk.mount(root.resolve("tight"), 2 * imageBytes + (256 << 10));
        if (disk.isEmpty()) {
            FaultyFileLayer faults = new FaultyFileLayer();
            faults.fillDisk(); // no new file may be written at all, not even a table
            assertThrows(DiskFullException.class, () -> MikroDB.open(options(image), faults).close(),
                    "without a tmpfs only the new WAL segment can be checked, and it needs its header");
            return;
        }
        try (SmallDisk small = disk.get()) {
            Path dir = small.path().resolve("db");
            FaultInjectionTest.crashCopy(image, dir);
            small.fill(8 << 10); // 8 KB left: far less than the 600 KB table recovery replays
            try (MikroDB db = MikroDB.open(options(dir))) {
                assertEquals(300, db.tableSize("t"), "recovered into memory, nothing written");
                assertEquals(value(7), db.get("t", "k7").orElseThrow().value().get("v").asText());
                small.freeBallast();
                db.flush(); // the table file is written once there is room
            }
            try (MikroDB db = MikroDB.open(options(dir))) {
                assertEquals(300, db.tableSize("t"));
            }
        }
    }
}
