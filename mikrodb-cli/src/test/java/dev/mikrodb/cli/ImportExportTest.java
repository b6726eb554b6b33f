package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: import and export, in batches, round-tripping JSON lines and dump arrays. */
class ImportExportTest {
    @TempDir
    Path dir;

    @Test
    void jsonLinesAndDumpArraysRoundTrip() throws Exception {
        String d = dir.resolve("db").toString();
        Path lines = dir.resolve("users.jsonl");
        Files.writeString(lines, IntStream.range(0, 10_000).mapToObj(i -> "{\"key\":\"u" + i + "\",\"value\":{\"n\":" + i
                + "}}").collect(Collectors.joining("\n")) + "\n");
        CliRun imported = CliRun.cli("import", "users", lines.toString(), "--dir", d);
        assertEquals(0, imported.code(), imported.err());
        assertEquals("{\"imported\":10000}", imported.out().trim());
        assertEquals("10000", CliRun.cli("size", "users", "--dir", d).out().trim());

        Path exported = dir.resolve("export.jsonl");
        assertEquals(0, CliRun.cli("export", "users", exported.toString(), "--dir", d).code());
        assertEquals(10_000, Files.readAllLines(exported).size());
        assertEquals(0, CliRun.cli("import", "copy", exported.toString(), "--dir", d).code());
        assertEquals("10000", CliRun.cli("size", "copy", "--dir", d).out().trim());
        CliRun toStdout = CliRun.cli("export", "users", "--dir", d);
        assertEquals(Files.readString(exported).trim(), toStdout.out().trim());

        Path dump = dir.resolve("dump.json");
        assertEquals(0, CliRun.cli("dump", "users", "--to", dump.toString(), "--dir", d).code());
        CliRun fromDump = CliRun.cli("import", "again", dump.toString(), "--batch", "333", "--dir", d);
        assertEquals(0, fromDump.code(), fromDump.err());
        assertTrue(CliRun.cli("get", "again", "u9999", "--dir", d).out().contains("\"n\":9999"));

        CliRun stdin = CliRun.withInput("{\"key\":\"a\",\"value\":1}\n{\"key\":\"b\",\"value\":2}\n", "import", "piped",
                "-", "--dir", d);
        assertEquals("{\"imported\":2}", stdin.out().trim(), stdin.err());

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"key\":\"ok\",\"value\":1}\n{\"value\":2}\n");
        CliRun refused = CliRun.cli("import", "bad", bad.toString(), "--dir", d);
        assertEquals(ExitCodes.BAD_INPUT, refused.code());
        assertTrue(refused.err().contains("line 2") && refused.err().contains("\"key\""), refused.err());
        assertEquals("0", CliRun.cli("size", "bad", "--dir", d).out().trim(), "nothing of a refused batch is written");
    }
}
