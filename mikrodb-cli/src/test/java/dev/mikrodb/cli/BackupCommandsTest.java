package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import dev.mikrodb.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup, backups, verify and restore: a local directory offline, and a server online. */
class BackupCommandsTest {
    @TempDir
    Path dir;

    @Test
    void localBackupVerifyAndRestoreIntoAnEmptyDirectory() throws Exception {
        String data = dir.resolve("data").toString();
        assertEquals(0, CliRun.cli("write", "t", "k", "{\"n\":1}", "--dir", data).code());
        CliRun backup = CliRun.cli("backup", "--dir", data);
        assertEquals(0, backup.code(), backup.err());
        JsonNode taken = WireJson.parse(backup.out(), "backup");
        Path file = Path.of(taken.get("filename").asText());
        assertTrue(Files.isRegularFile(file) && file.getParent().getFileName().toString().equals("data-backups"),
                file.toString());
        CliRun listed = CliRun.cli("backups", "--dir", data);
        assertTrue(listed.out().contains(file.getFileName().toString()), listed.out());
        assertEquals(0, CliRun.cli("verify", file.toString()).code());
        String restored = dir.resolve("restored").toString();
        CliRun restore = CliRun.cli("restore", file.toString(), "--dir", restored);
        assertEquals(0, restore.code(), restore.err());
        assertTrue(CliRun.cli("get", "t", "k", "--dir", restored).out().contains("\"value\":{\"n\":1}"));
        CliRun again = CliRun.cli("restore", file.toString(), "--dir", restored);
        assertEquals(ExitCodes.BAD_INPUT, again.code());
        assertTrue(again.err().contains("empty directory"), again.err());
        byte[] bytes = Files.readAllBytes(file);
        bytes[50] ^= 1;
        Path damaged = dir.resolve("damaged.zip");
        Files.write(damaged, bytes);
        CliRun bad = CliRun.cli("verify", damaged.toString());
        assertEquals(ExitCodes.FAILURE, bad.code());
        assertTrue(bad.err().contains("mikrodb.meta") && !bad.err().contains("Exception"), bad.err());
        CliRun checked = CliRun.cli("check", "--dir", restored);
        assertEquals(0, checked.code(), checked.err());
        assertTrue(checked.out().contains("\"healthy\":true"), checked.out());
        Path table = dir.resolve("restored").resolve("t.tbl");
        if (Files.exists(table)) {
            byte[] t = Files.readAllBytes(table);
            t[t.length / 2] ^= 1;
            Files.write(table, t);
            CliRun damagedCheck = CliRun.cli("check", "--dir", restored);
            assertEquals(ExitCodes.FAILURE, damagedCheck.code());
            assertTrue(damagedCheck.err().contains("t.tbl"), damagedCheck.err());
            CliRun salvaged = CliRun.cli("check", "--dir", restored, "--repair", dir.resolve("salvaged").toString());
            assertEquals(ExitCodes.FAILURE, salvaged.code(), "something was lost");
            assertTrue(salvaged.out().contains("LOST t.tbl: damaged at offset"), salvaged.out());
        }
        CliRun stats = CliRun.cli("stats", "--dir", data);
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().contains("\"collections\":1"), stats.out());
        CliRun usage = CliRun.cli("restore", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, usage.code());
        assertTrue(usage.err().contains("--dir"), usage.err());
    }

    @Test
    void aServersBackupsThroughTheCommandLine() throws Exception {
        try (MikroServer server = MikroServer.start(new MikroConfig(MikroOptions.builder()
                .databaseDirectory(dir.resolve("served")).build(), ServerSettings.builder().port(0).build()))) {
            String url = server.baseUrl();
            assertEquals(0, CliRun.cli("write", "t", "k", "1", "--url", url).code());
            CliRun backup = CliRun.cli("backup", "--url", url);
            assertEquals(0, backup.code(), backup.err());
            String name = WireJson.parse(backup.out(), "backup").get("filename").asText();
            assertEquals(0, CliRun.cli("write", "t", "k", "2", "--url", url).code());
            assertTrue(CliRun.cli("backups", "--url", url).out().contains(name));
            assertEquals(0, CliRun.cli("verify", name, "--url", url).code());
            CliRun restore = CliRun.cli("restore", name, "--url", url);
            assertEquals(0, restore.code(), restore.err());
            String got = CliRun.cli("get", "t", "k", "--url", url).out();
            assertTrue(got.contains("\"value\":1,"), "the backup's value again: " + got);
        }
    }
}
