package dev.mikrodb.cli;

import static dev.mikrodb.cli.CliRun.cli;
import static dev.mikrodb.cli.CliRun.withInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.wire.WireJson;
import dev.mikrodb.server.MikroServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell reading a script from standard input: results and errors only, locally and against a server. */
class ShellTest {
    @TempDir
    Path dir;

    static final String SCRIPT = String.join("\n",
            "# a comment",
            "write users user1 {\"name\": \"Ada Lovelace\",",
            "   \"tags\": [\"math\", \"poet\"]}",
            "get users user1",
            "put users user2 '{\"name\": \"Grace\"}'",
            "query users {\"tags\": {\"operator\": \"contains\", \"value\": \"poet\"}}",
            "get users nobody",
            "size users",
            "tables",
            "bogus",
            "delete users user2",
            "exit",
            "get users user1");

    private static void checkScriptOutput(CliRun r) {
        List<String> out = r.out().lines().toList();
        assertEquals("{\"version\":1}", out.get(0));
        assertTrue(out.get(1).contains("\"name\":\"Ada Lovelace\"") && out.get(1).contains("\"version\":1"),
                out.get(1));
        assertEquals("{\"version\":1}", out.get(2));
        assertTrue(out.get(3).startsWith("[{\"key\":\"user1\""), out.get(3));
        assertEquals("2", out.get(4));
        assertEquals("[\"users\"]", out.get(5));
        assertEquals("{\"success\":true}", out.get(6));
        assertEquals(7, out.size(), "nothing runs after exit: " + out);
        List<String> err = r.err().lines().toList();
        assertEquals("error: line 7: not found: no item 'nobody' in table 'users'", err.get(0));
        assertEquals("error: line 10: unknown command 'bogus'; type 'help' for the list of commands", err.get(1));
        assertEquals(2, err.size(), r.err());
        assertEquals(2, r.code(), "the exit code of the last failed command");
    }

    @Test
    void scriptAgainstALocalDirectory() {
        checkScriptOutput(withInput(SCRIPT, "shell", "--dir", dir.resolve("db").toString()));
        CliRun reopened = withInput("get users user1\n", "shell", "--dir", dir.resolve("db").toString());
        assertEquals(0, reopened.code(), reopened.err());
    }

    @Test
    void scriptAgainstAServer() {
        try (MikroDB db = MikroDB.open(dir.resolve("served"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).apiKey("shell-test-key-0123").build())) {
            checkScriptOutput(withInput(SCRIPT, "shell", "--url", server.baseUrl(), "--apiKey", "shell-test-key-0123"));
            assertEquals("Ada Lovelace", db.get("users", "user1").orElseThrow().value().get("name").asText());
            CliRun wrongKey = withInput("tables\n", "shell", "--url", server.baseUrl(), "--apiKey", "nope");
            assertEquals(3, wrongKey.code());
            assertTrue(wrongKey.err().contains("401"), wrongKey.err());
        }
    }

    @Test
    void openAndConnectSwitchStores() throws Exception {
        try (MikroDB db = MikroDB.open(dir.resolve("served"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
            String script = "write t local 1\nconnect " + server.baseUrl() + "\nwrite t remote 2\nopen "
                    + dir.resolve("other") + " --create\ntables\nget t local --dir x\n";
            CliRun r = withInput(script, "shell", "--dir", dir.resolve("first").toString());
            assertEquals("[]", r.out().lines().toList().get(2));
            assertTrue(r.err().contains("in the shell, switch stores with 'open DIR'"), r.err());
            assertTrue(db.get("t", "remote").isPresent());
        }
    }

    @Test
    void unfinishedJsonAtEndOfInputIsAnError() {
        CliRun r = withInput("write t k {\"a\": [1, 2\n", "shell", "--dir", dir.resolve("db").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unfinished JSON"), r.err());
    }

    @Test
    void watchPrintsEventsInOrder() throws Exception {
        // Watcher and writer both go through a server, as two processes would. --from 0 replays what was written
        // before the watch started, so no timing is involved.
        try (MikroDB store = MikroDB.open(dir.resolve("served"));
             MikroServer server = MikroServer.start(store, ServerSettings.builder().port(0).build())) {
            for (int i = 1; i <= 3; i++) {
                assertEquals(0, cli("write", "t", "k", String.valueOf(i), "--url", server.baseUrl()).code());
            }
            CliRun watch = cli("watch", "t", "--from", "0", "--count", "3", "--url", server.baseUrl());
            assertEquals(0, watch.code(), watch.err());
            List<String> lines = watch.out().lines().toList();
            assertEquals(3, lines.size(), watch.out());
            for (int i = 0; i < 3; i++) {
                var event = WireJson.mapper().readTree(lines.get(i));
                assertEquals("item.written", event.get("operation").asText());
                assertEquals(i + 1, event.get("version").asLong(), "consecutive versions, in commit order");
                assertEquals(i + 1, event.get("revision").asLong());
            }
            CliRun fromTwo = cli("watch", "t", "--from", "2", "--count", "1", "--previous", "--url", server.baseUrl());
            var third = WireJson.mapper().readTree(fromTwo.out().lines().findFirst().orElseThrow());
            assertEquals(3, third.get("revision").asLong(), "only what came after revision 2");
            assertEquals(2, third.get("previous").get("value").asInt(), "with the value it replaced");
            assertEquals(2, cli("watch", "t", "--from", "-1", "--url", server.baseUrl()).code());
        }
    }

    @Test
    void watchInALocalShellSaysItSeesOnlyThisSessionsChanges() throws Exception {
        Path db = dir.resolve("local");
        cli("write", "t", "k", "1", "--dir", db.toString());
        CliRun watch = cli("watch", "t", "--from", "0", "--count", "1", "--dir", db.toString());
        assertEquals(0, watch.code(), watch.err());
        assertTrue(watch.err().contains("this session's changes") && watch.err().contains("mikrodb shell --url"),
                watch.err());
    }

    static final String DOCUMENT_SCRIPT = String.join("\n",
            "use inventory",
            "insert products {\"_id\": \"p1\", \"name\": \"Desk\", \"price\": 120, \"tags\": [\"office\"]}",
            "insert products [{\"_id\": \"p2\", \"name\": \"Lamp\", \"price\": 30}, {\"_id\": \"p3\", \"price\": 5}]",
            "find products {\"price\": {\"$gte\": 30}} --sort {\"price\": -1} --projection {\"name\": 1}",
            "count products",
            "update products {\"price\": {\"$lt\": 100}} {\"$inc\": {\"price\": 1}} --many",
            "update products {\"_id\": \"p9\"} {\"$set\": {\"price\": 1}} --upsert",
            "remove products {\"price\": {\"$lt\": 10}} --many",
            "find products {} --skip 1 --limit 1 --sort {\"_id\": 1}",
            "collections",
            "dbs",
            "update products {} {\"$inc\": {\"name\": 1}}",
            "use admin");

    private static void checkDocumentScript(CliRun r) {
        List<String> out = r.out().lines().toList();
        assertEquals("{\"inserted_ids\":[\"p1\"]}", out.get(0));
        assertEquals("{\"inserted_ids\":[\"p2\",\"p3\"]}", out.get(1));
        assertEquals("[{\"_id\":\"p1\",\"name\":\"Desk\"},{\"_id\":\"p2\",\"name\":\"Lamp\"}]", out.get(2));
        assertEquals("{\"count\":3}", out.get(3));
        assertEquals("{\"matched_count\":2,\"modified_count\":2}", out.get(4));
        assertEquals("{\"matched_count\":0,\"modified_count\":0,\"upserted_id\":\"p9\"}", out.get(5));
        assertEquals("{\"deleted_count\":2}", out.get(6), "p3 (6) and p9 (1) went");
        assertEquals("[{\"_id\":\"p2\",\"name\":\"Lamp\",\"price\":31}]", out.get(7));
        assertEquals("[\"products\"]", out.get(8));
        assertEquals("[\"inventory\"]", out.get(9));
        List<String> err = r.err().lines().toList();
        assertTrue(err.get(0).startsWith("error: ") && err.get(0).contains("not a number"), r.err());
        assertTrue(err.get(1).contains("reserved"), r.err());
        assertEquals(2, err.size(), r.err());
    }

    @Test
    void documentCommandsLocallyAndAgainstAServer() {
        checkDocumentScript(withInput(DOCUMENT_SCRIPT, "shell", "--dir", dir.resolve("docs").toString()));
        try (MikroDB db = MikroDB.open(dir.resolve("served-docs"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
            checkDocumentScript(withInput(DOCUMENT_SCRIPT, "shell", "--url", server.baseUrl()));
            assertEquals(120, db.database("inventory").collection("products").findOne("{\"_id\": \"p1\"}")
                    .orElseThrow().get("price").asInt());
        }
        CliRun oneShot = CliRun.cli("find", "products", "{\"name\": \"Desk\"}", "--database", "inventory", "--dir",
                dir.resolve("docs").toString());
        assertEquals(0, oneShot.code(), oneShot.err());
        assertTrue(oneShot.out().contains("\"p1\""), oneShot.out());
    }

    @Test
    void indexListingAndExplainCommands() {
        String script = String.join("\n",
                "write users user:1 {\"age\": 3}",
                "write users user:2 {\"age\": 4}",
                "write users team:1 {\"age\": 5}",
                "index create users age --unique",
                "index create users age:-1 --name by_age_desc",
                "index list users",
                "query users {\"age\": 4} --explain",
                "ls users user: --limit 1",
                "index drop users age_1",
                "index drop users nosuch",
                "index create users");
        CliRun r = withInput(script, "shell", "--dir", dir.resolve("idx").toString());
        List<String> out = r.out().lines().toList();
        assertTrue(out.get(3).contains("\"name\":\"age_1\"") && out.get(3).contains("\"unique\":true"), out.get(3));
        assertTrue(out.get(5).contains("\"by_age_desc\""), out.get(5));
        assertTrue(out.get(6).startsWith("[{\"key\":\"user:2\""), out.get(6));
        assertTrue(out.get(7).contains("\"index\":\"age_1\"") && out.get(7).contains("\"returned\":1"), out.get(7));
        assertTrue(out.get(8).contains("\"user:1\"") && out.get(8).contains("\"listComplete\":false")
                && out.get(8).contains("\"cursor\""), out.get(8));
        List<String> err = r.err().lines().toList();
        assertTrue(err.get(0).contains("no index 'nosuch'"), r.err());
        assertTrue(err.get(1).contains("needs at least one field"), r.err());
    }
}
