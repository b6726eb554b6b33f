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

    @Test
    void aPathThatLeadsNowhereIsNamedInWordsNotAsAnExceptionClass() throws Exception {
        String d = dir.resolve("db").toString();
        CliRun.cli("write", "t", "k", "1", "--dir", d);
        Path missing = dir.resolve("no-such-file.jsonl");
        CliRun in = CliRun.cli("import", "t", missing.toString(), "--dir", d);
        assertEquals(ExitCodes.BAD_INPUT, in.code());
        assertEquals("error: no such file or directory: " + missing, in.err().trim());
        Path nowhere = dir.resolve("no-such-directory").resolve("dump.json");
        CliRun out = CliRun.cli("dump", "t", "--to", nowhere.toString(), "--dir", d);
        assertEquals(ExitCodes.BAD_INPUT, out.code());
        assertEquals("error: no such file or directory: " + nowhere, out.err().trim());
    }

    @Test
    void csvWithAHeaderRowBecomesItemsWithTypedFields() throws Exception {
        String d = dir.resolve("db").toString();
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "id,name,age,active,note\r\n"
                + "p1,Ada,36,true,\"likes, commas\"\r\n"
                + "p2,\"Grace \"\"Amazing\"\" Hopper\",85,false,\"two\nlines\"\n"
                + "\n"
                + "p3,Linus,,,\n");
        CliRun imported = CliRun.cli("import", "people", csv.toString(), "--keyColumn", "id", "--dir", d);
        assertEquals(0, imported.code(), imported.err());
        assertEquals("{\"imported\":3}", imported.out().trim());
        assertEquals("{\"name\":\"Ada\",\"age\":36,\"active\":true,\"note\":\"likes, commas\"}",
                CliRun.cli("get", "people", "p1", "--dir", d).out().replaceAll(".*\"value\":(\\{[^}]*}).*", "$1")
                        .trim());
        String p2 = CliRun.cli("get", "people", "p2", "--dir", d).out();
        assertTrue(p2.contains("\"name\":\"Grace \\\"Amazing\\\" Hopper\"") && p2.contains("\"note\":\"two\\nlines\""), p2);
        assertTrue(CliRun.cli("get", "people", "p3", "--dir", d).out().contains("\"value\":{\"name\":\"Linus\"}"),
                "empty fields are left out");

        Files.writeString(csv, "id,name\nq1,x,extra\n");
        CliRun ragged = CliRun.cli("import", "other", csv.toString(), "--keyColumn", "id", "--dir", d);
        assertEquals(ExitCodes.BAD_INPUT, ragged.code());
        assertTrue(ragged.err().contains("line 2: 3 fields, but the header has 2"), ragged.err());
        CliRun noKey = CliRun.cli("import", "other", csv.toString(), "--dir", d);
        assertTrue(noKey.err().contains("no column named 'key'") && noKey.err().contains("--keyColumn"), noKey.err());
    }
}
