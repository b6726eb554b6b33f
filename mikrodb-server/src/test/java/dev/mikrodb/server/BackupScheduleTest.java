package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.ConfigurationException;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: scheduled backups follow the cron expression on the server's clock, and retention prunes them. */
class BackupScheduleTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private MikroServer start(MutableClock clock, int retentionDays, int keepLast) {
        return MikroServer.start(new MikroConfig(MikroOptions.builder().databaseDirectory(dir.resolve("data"))
                .clock(clock).build(), ServerSettings.builder().port(0).clock(clock).backup(b -> b.enabled(true))
                .backup(b -> b.schedule("0 2 * * *")).backup(b -> b.retentionDays(retentionDays)).backup(b -> b.keepLast(keepLast))
                .backup(b -> b.directory(dir.resolve("backups").toString())).build()));
    }

    @Test
    void dailyBackupsAtTwoKeepTheNewestThree() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T01:59:00Z").toEpochMilli());
        try (MikroServer server = start(clock, 0, 3)) {
            server.currentDatabase().write("t", "k", 0);
            var scheduler = server.backupScheduler();
            assertEquals(Instant.parse("2026-11-24T02:00:00Z"), scheduler.nextDue().toInstant());
            assertNull(scheduler.runDue(), "not due at 01:59");
            clock.advance(60_000);
            BackupInfo first = scheduler.runDue();
            assertNotNull(first, "due at 02:00");
            assertEquals("backup-2026-11-24-02-00-00.zip", first.file().getFileName().toString());
            assertNull(scheduler.runDue(), "once per due time");
            assertEquals(Instant.parse("2026-11-25T02:00:00Z"), scheduler.nextDue().toInstant());
            for (int day = 1; day <= 5; day++) {
                server.currentDatabase().write("t", "k", day);
                clock.advance(DAY);
                assertNotNull(scheduler.runDue());
            }
            List<BackupInfo> kept = MikroDB.listBackups(dir.resolve("backups"));
            assertEquals(List.of("backup-2026-11-27-02-00-00.zip", "backup-2026-11-28-02-00-00.zip",
                    "backup-2026-11-29-02-00-00.zip"), kept.stream().map(b -> b.file().getFileName().toString())
                    .toList());
            clock.advance(3 * DAY); // the server was down or busy: one catch-up backup, not three
            assertNotNull(scheduler.runDue());
            assertNull(scheduler.runDue());
        }
    }

    @Test
    void retentionDaysDeletesOlderBackups() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T01:00:00Z").toEpochMilli());
        try (MikroServer server = start(clock, 2, 0)) {
            server.currentDatabase().write("t", "k", 0);
            var scheduler = server.backupScheduler();
            clock.advance(3_600_000);
            for (int day = 0; day < 6; day++) {
                assertNotNull(scheduler.runDue());
                clock.advance(DAY);
            }
            List<String> kept = MikroDB.listBackups(dir.resolve("backups")).stream().map(b -> b.file().getFileName()
                    .toString()).toList();
            assertEquals(List.of("backup-2026-11-27-02-00-00.zip", "backup-2026-11-28-02-00-00.zip",
                    "backup-2026-11-29-02-00-00.zip"), kept, "two days back from the last one, inclusive");
        }
    }

    @Test
    void aBadScheduleFailsTheStartWithAClearMessage() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> MikroServer.start(
                new MikroConfig(MikroOptions.builder().databaseDirectory(dir.resolve("data")).build(),
                        ServerSettings.builder().port(0).backup(b -> b.enabled(true)).backup(b -> b.schedule("0 25 * * *")).build())));
        assertTrue(e.getMessage().contains("backup.schedule '0 25 * * *'") && e.getMessage().contains("5-field"),
                e.getMessage());
        assertThrows(ConfigurationException.class, () -> ServerSettings.builder().backup(b -> b.schedule(" ")));
    }
}
