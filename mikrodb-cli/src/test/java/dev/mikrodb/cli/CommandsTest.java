package dev.mikrodb.cli;

import static dev.mikrodb.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every one-shot command and its error paths, with exit codes: 0 ok, 1 not found/conflict, 2 bad input. */
class CommandsTest {
    @TempDir
    Path dir;

    private String d() {
        return dir.resolve("db").toString();
    }

    private static JsonNode json(CliRun r) throws Exception {
        return WireJson.mapper().readTree(r.out());
    }

    @Test
    void writeGetDeleteRoundTrip() throws Exception {
        CliRun w = cli("write", "users", "user1", "{\"name\": \"Ada\"}", "--dir", d());
        assertEquals(0, w.code(), w.err());
        assertEquals("{\"version\":1}", w.out().trim());
        assertEquals(0, cli("put", "users", "user1", "{\"name\": \"Grace\"}", "--dir", d()).code());
        CliRun g = cli("get", "users", "user1", "--dir", d());
        assertEquals(0, g.code(), g.err());
        JsonNode item = json(g);
        assertEquals("user1", item.get("key").asText());
        assertEquals("Grace", item.get("value").get("name").asText());
        assertEquals(2, item.get("version").asInt());
        assertEquals(0, cli("delete", "users", "user1", "--dir", d()).code());
        CliRun missing = cli("get", "users", "user1", "--dir", d());
        assertEquals(1, missing.code());
        assertEquals("error: not found: no item 'user1' in table 'users'", missing.err().trim());
        assertEquals(1, cli("delete", "users", "user1", "--dir", d()).code());
    }

    @Test
    void versionConflictsExitOne() {
        cli("write", "t", "k", "1", "--dir", d());
        CliRun conflict = cli("write", "t", "k", "2", "--expectedVersion", "5", "--dir", d());
        assertEquals(1, conflict.code());
        assertTrue(conflict.err().startsWith("error: version conflict on 'k' in table 't': expected version 5, "
                + "current version is 1"), conflict.err());
        assertEquals(1, cli("delete", "t", "k", "--expectedVersion", "3", "--dir", d()).code());
        assertEquals(0, cli("delete", "t", "k", "--expectedVersion", "1", "--dir", d()).code());
    }

    @Test
    void badInputExitsTwoWithOneClearLine() {
        CliRun badTable = cli("write", "../x", "k", "1", "--dir", d());
        assertEquals(2, badTable.code());
        assertTrue(badTable.err().startsWith("error: table name '../x' is invalid"), badTable.err());
        assertEquals(1, badTable.err().trim().lines().count(), "one line, no stack trace");
        CliRun plainText = cli("write", "t", "k", "hello world", "--dir", d());
        assertEquals(0, plainText.code(), plainText.err());
        assertTrue(plainText.err().contains("stored the text as the JSON string \"hello world\""), plainText.err());
        assertTrue(cli("get", "t", "k", "--dir", d()).out().contains("\"value\":\"hello world\""));
        CliRun badJson = cli("write", "t", "k", "{\"a\": 1", "--dir", d());
        assertEquals(2, badJson.code(), "malformed JSON stays an error");
        CliRun badFilter = cli("query", "t", "{\"age\": {\"operator\": \"nope\", \"value\": 1}}", "--dir", d());
        assertEquals(2, badFilter.code());
        assertTrue(badFilter.err().contains("unknown operator 'nope'"), badFilter.err());
        CliRun missingArg = cli("get", "t", "--dir", d());
        assertEquals(2, missingArg.code());
        assertTrue(missingArg.err().contains("missing required parameter: 'KEY'"), missingArg.err());
        CliRun unknown = cli("frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());
        CliRun both = cli("tables", "--dir", d(), "--url", "http://127.0.0.1:1");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--dir or --url, not both"), both.err());
        assertFalse(badTable.err().contains("Exception"));
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRun r = cli("write", "../x", "k", "1", "--dir", d(), "--debug");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("at dev.mikrodb"), r.err());
    }

    @Test
    void ttlAndExpiration() throws Exception {
        assertEquals(0, cli("write", "s", "a", "\"token\"", "--ttl", "60", "--dir", d()).code());
        JsonNode item = json(cli("get", "s", "a", "--dir", d()));
        assertTrue(item.get("expiration").asLong() > System.currentTimeMillis());
        assertEquals(2, cli("write", "s", "b", "1", "--expiration", "1000", "--dir", d()).code());
        assertEquals(2, cli("write", "s", "b", "1", "--ttl", "-1", "--dir", d()).code());
    }

    @Test
    void queryWithFilterSortLimitAndTable() throws Exception {
        for (int i = 1; i <= 5; i++) {
            cli("write", "users", "u" + i, "{\"name\": \"n" + i + "\", \"age\": " + (20 + i) + "}", "--dir", d());
        }
        CliRun q = cli("query", "users", "{\"age\": {\"operator\": \"gte\", \"value\": 23}}", "--sort",
                "{\"age\": -1}", "--limit", "2", "--dir", d());
        assertEquals(0, q.code(), q.err());
        JsonNode items = json(q);
        assertEquals(2, items.size());
        assertEquals("u5", items.get(0).get("key").asText());
        assertEquals(25, items.get(0).get("value").get("age").asInt());
        assertEquals(5, json(cli("query", "users", "--dir", d())).size());
        CliRun table = cli("query", "users", "--sort", "{\"age\": 1}", "--limit", "2", "--table", "--dir", d());
        assertEquals("key  version  age  name\n---  -------  ---  ----\nu1   1        21   n1\nu2   1        22   n2",
                table.out().trim(), "columns in name order, stable from page to page");
    }

    @Test
    void tablesSizeDropDumpFlushCleanup() throws Exception {
        cli("write", "a", "k", "1", "--dir", d());
        cli("write", "b", "k", "1", "--dir", d());
        assertEquals("[\"a\",\"b\"]", cli("tables", "--dir", d()).out().trim());
        assertEquals("1", cli("size", "a", "--dir", d()).out().trim());
        assertEquals("0", cli("size", "zzz", "--dir", d()).out().trim(), "a missing table holds no items");
        assertEquals(0, cli("drop", "b", "--dir", d()).code());
        assertEquals(1, cli("drop", "b", "--dir", d()).code());
        assertEquals("[\"a_dump.json\"]", cli("dump", "--dir", d()).out().trim());
        assertTrue(Files.exists(dir.resolve("db/a_dump.json")));
        assertEquals(0, cli("flush", "--dir", d()).code());
        assertEquals("{\"removed\":0}", cli("cleanup", "--dir", d()).out().trim());
    }

    @Test
    void encryptionKeyFromFlagOrEnvironment() {
        assertEquals(0, cli("write", "t", "k", "1", "--dir", d(), "--encryptionKey", "pw").code());
        CliRun noKey = cli("get", "t", "k", "--dir", d());
        assertEquals(2, noKey.code());
        assertTrue(noKey.err().contains("is encrypted"), noKey.err());
        CliRun env = CliRun.withEnv(java.util.Map.of("MIKRODB_ENCRYPTION_KEY", "pw"), "", "get", "t", "k", "--dir", d());
        assertEquals(0, env.code(), env.err());
        CliRun inline = cli("get", "t", "k", "--dir", d(), "--encryptionKey=wrong");
        assertEquals(2, inline.code());
        assertTrue(inline.err().contains("wrong encryption key"), inline.err());
        // --encryptionKey without a value asks for it (from standard input when there is no console).
        CliRun prompted = CliRun.withProcessInput("pw\n", "get", "t", "k", "--dir", d(), "--encryptionKey");
        assertEquals(0, prompted.code(), prompted.err());
        CliRun promptedWrong = CliRun.withProcessInput("nope\n", "get", "t", "k", "--dir", d(), "--encryptionKey");
        assertEquals(2, promptedWrong.code());
        assertTrue(promptedWrong.err().contains("wrong encryption key"), promptedWrong.err());
    }

    @Test
    void helpAndVersion() {
        CliRun help = cli("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("serve") && help.out().contains("query") && help.out().contains("Exit codes"),
                help.out());
        assertTrue(cli("--version").out().contains("MikroDB"));
        assertTrue(cli("help", "write").out().contains("--expectedVersion"));
        CliRun writeHelp = cli("write", "--help");
        assertEquals(0, writeHelp.code());
        assertTrue(writeHelp.out().contains("--ttl"), writeHelp.out());
    }
}
