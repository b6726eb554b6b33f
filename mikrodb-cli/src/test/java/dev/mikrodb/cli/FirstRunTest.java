package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, items 1, 5, 7, 11, 12 and "did you mean": what a new user meets first. */
class FirstRunTest {
    @TempDir
    Path dir;

    @Test
    void everyEntryPointAnswersHelp() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"serve", "--help"}, {"serve", "-h"},
                {"shell", "--help"}, {"shell", "-h"}, {"get", "--help"}, {"backup", "--help"}, {"check", "-h"}}) {
            CliRun r = CliRun.cli(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains("Usage:"), String.join(" ", args) + ": " + r.out());
        }
    }

    @Test
    void readsOnAMissingDirectorySaySoAndCreateNothing() {
        Path typo = dir.resolve("tpyo");
        for (String[] args : new String[][] {{"get", "users", "u1"}, {"tables"}, {"query", "users"},
                {"size", "users"}, {"ls", "users"}, {"stats"}}) {
            String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--dir", typo.toString())).toArray(String[]::new);
            CliRun r = CliRun.cli(full);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), args[0] + ": " + r.err());
            assertTrue(r.err().contains("no database at") && r.err().contains("nothing was created"), r.err());
            assertFalse(Files.exists(typo), args[0] + " created " + typo);
        }
        assertEquals(0, CliRun.cli("write", "users", "u1", "1", "--dir", typo.toString()).code(), "writes create");
        assertTrue(Files.exists(typo.resolve("mikrodb.meta")));
        CliRun open = CliRun.withInput("open " + dir.resolve("nope") + "\n", "shell", "--dir", typo.toString());
        assertTrue(open.err().contains("--create"), open.err());
        assertFalse(Files.exists(dir.resolve("nope")));
    }

    @Test
    void typosGetASuggestionAndOneShotErrorsPointAtTheirOwnHelp() {
        CliRun command = CliRun.cli("wirte", "t", "k", "1");
        assertEquals(ExitCodes.BAD_INPUT, command.code());
        assertTrue(command.err().contains("did you mean 'write'?") && command.err().contains("bin/mikrodb --help"),
                command.err());
        CliRun option = CliRun.cli("query", "t", "--limt", "3", "--dir", dir.toString());
        assertTrue(option.err().contains("did you mean '--limit'?") && option.err().contains(
                "bin/mikrodb query --help"), option.err());
        CliRun inShell = CliRun.withInput("tabels\nhelp foo\nhelp wirte\n", "shell", "--dir", dir.resolve("s")
                .toString());
        assertTrue(inShell.err().contains("unknown command 'tabels' (did you mean 'tables'?); type 'help'"),
                inShell.err());
        assertTrue(inShell.err().contains("no command 'foo'; type 'help' for the list of commands"), inShell.err());
        assertTrue(inShell.err().contains("no command 'wirte' (did you mean 'write'?)"), inShell.err());
        assertFalse(inShell.err().contains("help mikrodb") || inShell.err().contains("Unknown subcommand"),
                inShell.err());
        CliRun missing = CliRun.cli("get", "t", "--dir", dir.toString());
        assertTrue(missing.err().startsWith("error: missing required parameter"), missing.err());
    }

    @Test
    void anHttpsServerWithASelfSignedCertificateIsReachableWithCacert() throws Exception {
        dev.mikrodb.server.testing.SelfSignedCertificate cert = new dev.mikrodb.server.testing.SelfSignedCertificate(dir);
        try (dev.mikrodb.server.MikroServer server = dev.mikrodb.server.MikroServer.start(
                new dev.mikrodb.config.MikroConfig(dev.mikrodb.MikroOptions.builder().databaseDirectory(
                        dir.resolve("served")).build(), dev.mikrodb.config.ServerSettings.builder().port(0)
                        .host("localhost").https(cert.certFile.toString(), cert.keyFile.toString(), null).build()))) {
            String url = server.baseUrl();
            CliRun untrusted = CliRun.cli("tables", "--url", url);
            assertEquals(ExitCodes.FAILURE, untrusted.code(), untrusted.err());
            assertFalse(untrusted.err().contains("Exception"), untrusted.err());
            CliRun trusted = CliRun.cli("write", "t", "k", "1", "--url", url, "--cacert", cert.certFile.toString());
            assertEquals(0, trusted.code(), trusted.err());
            CliRun fromEnv = CliRun.withEnv(java.util.Map.of("MIKRODB_CACERT", cert.certFile.toString()), "",
                    "tables", "--url", url);
            assertEquals(0, fromEnv.code(), fromEnv.err());
            assertTrue(fromEnv.out().contains("t"), fromEnv.out());
        }
    }

    @Test
    void sizeOfAMissingTableIsZeroLikeItsQuery() throws Exception {
        String d = dir.resolve("db").toString();
        assertEquals(0, CliRun.cli("write", "t", "k", "1", "--dir", d).code());
        CliRun size = CliRun.cli("size", "nosuch", "--dir", d);
        assertEquals(0, size.code(), size.err());
        assertEquals("0", size.out().trim());
        assertEquals("[]", CliRun.cli("query", "nosuch", "--dir", d).out().trim());
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsReportedWithinTheTimeoutNotAHang() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) { // the kernel accepts; nothing ever answers
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            long started = System.nanoTime();
            CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> CliRun.cli("get", "t", "k", "--url", url, "--timeout", "1"));
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertTrue(r.code() != 0, r.out());
            assertTrue(r.err().contains(url) && r.err().contains("not answering"), r.err());
            assertTrue(seconds < 20, "gave up after " + seconds + " s");
            assertEquals(ExitCodes.BAD_INPUT, CliRun.cli("get", "t", "k", "--url", url, "--timeout", "0").code());
        }
    }

    @Test
    void scriptErrorsNameTheirLineAndBailStopsAtTheFirst() {
        String script = "write t a 1\n# a comment\nwrite t b {\"x\":\n  1}\nget t nope\nwrite t c 3\n";
        CliRun all = CliRun.withInput(script, "shell", "--dir", dir.resolve("db").toString());
        assertTrue(all.err().contains("error: line 5: not found"), all.err());
        assertEquals(ExitCodes.NOT_FOUND_OR_CONFLICT, all.code());
        assertTrue(CliRun.cli("get", "t", "c", "--dir", dir.resolve("db").toString()).out().contains("\"value\":3"),
                "without --bail the script goes on");
        CliRun bail = CliRun.withInput("write t d 4\nget t nope\nwrite t e 5\n", "shell", "--bail", "--dir",
                dir.resolve("db").toString());
        assertEquals(ExitCodes.NOT_FOUND_OR_CONFLICT, bail.code());
        assertTrue(bail.err().contains("stopped at line 2 (bail on)"), bail.err());
        assertEquals(ExitCodes.NOT_FOUND_OR_CONFLICT, CliRun.cli("get", "t", "e", "--dir",
                dir.resolve("db").toString()).code(), "nothing after the failing line ran");

        // sqlite3's '.bail on' inside the script: errors before it are passed over, the first after it stops.
        CliRun dotBail = CliRun.withInput("get t nope\n.bail on\nwrite t f 6\nget t nope\nwrite t g 7\n", "shell",
                "--dir", dir.resolve("db").toString());
        assertEquals(ExitCodes.NOT_FOUND_OR_CONFLICT, dotBail.code());
        assertTrue(dotBail.err().contains("error: line 1: not found") && dotBail.err().contains(
                "stopped at line 4 (bail on)"), dotBail.err());
        assertEquals(0, CliRun.cli("get", "t", "f", "--dir", dir.resolve("db").toString()).code());
        assertEquals(ExitCodes.NOT_FOUND_OR_CONFLICT, CliRun.cli("get", "t", "g", "--dir",
                dir.resolve("db").toString()).code(), "line 5 did not run");
    }

    @Test
    void aDirectoryOpenInAnotherProcessSaysHowToShareIt() throws Exception {
        Path data = dir.resolve("shared");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.mikrodb.server.ServerMain", "--dir", data.toString(), "--port", "0").redirectErrorStream(true)
                .start();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                server.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.contains("listening on")) {
                // wait until the server holds the directory
            }
            CliRun r = CliRun.cli("tables", "--dir", data.toString());
            assertEquals(ExitCodes.FAILURE, r.code());
            assertTrue(r.err().contains("already open in another process") && r.err().contains("serve it")
                    && r.err().contains("shell --url"), r.err());
        } finally {
            server.destroy();
            server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void dumpGoesWhereAskedAndDropTakesTheStaleDumpAlong() throws Exception {
        String d = dir.resolve("db").toString();
        CliRun.cli("write", "t", "b", "2", "--dir", d);
        CliRun.cli("write", "t", "a", "1", "--dir", d);
        CliRun stdout = CliRun.cli("dump", "t", "--to", "-", "--dir", d);
        assertEquals(0, stdout.code(), stdout.err());
        String json = stdout.out().replace(" ", "");
        assertTrue(json.contains("\"key\":\"a\"") && json.indexOf("\"key\":\"a\"") < json.indexOf("\"key\":\"b\""),
                stdout.out());
        Path file = dir.resolve("export.json");
        assertEquals(0, CliRun.cli("dump", "t", "--to", file.toString(), "--dir", d).code());
        assertEquals(stdout.out().trim(), Files.readString(file).trim());
        assertEquals(0, CliRun.cli("dump", "t", "--dir", d).code());
        assertTrue(Files.exists(dir.resolve("db").resolve("t_dump.json")));
        assertEquals(0, CliRun.cli("drop", "t", "--dir", d).code());
        assertFalse(Files.exists(dir.resolve("db").resolve("t_dump.json")), "drop removes the stale dump");
    }

    @Test
    void timingOnPrintsEachCommandsDuration() {
        CliRun r = CliRun.withInput("timing on\nwrite t k 1\ntiming off\nwrite t k 2\nclear\n", "shell", "--dir",
                dir.resolve("db").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.err().lines().filter(l -> l.matches("time: [0-9.]+ ms")).count(),
                "the write and 'timing off' itself are timed, nothing after: " + r.err());
    }

    @Test
    void errorsReadAsTheToolsOwnSentences() {
        String d = dir.resolve("db").toString();
        CliRun.cli("write", "t", "k", "1", "--dir", d);
        String[][] cases = {
                {"query", "t", "--limit", "abc"}, {"get", "t", "k", "extra"}, {"write", "t", "k", "{bad"},
                {"write", "t", "k", "{\"a\": tru}"}, {"query", "t", "{\"age\": {\"operator\": \"gt\""}};
        String[] expected = {"is not a whole number", "unexpected extra argument 'extra'",
                "expected a field name in double quotes, found 'b'", "'tru' is not a JSON value",
                "the JSON ends before an object is closed"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(cases[i]),
                    java.util.stream.Stream.of("--dir", d)).toArray(String[]::new);
            CliRun r = CliRun.cli(args);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
            for (String leak : new String[] {"Source: REDACTED", "code 98", "close marker", "is not a long",
                    "Unmatched", "Exception"}) {
                assertFalse(r.err().contains(leak), leak + " in: " + r.err());
            }
        }
    }
}
