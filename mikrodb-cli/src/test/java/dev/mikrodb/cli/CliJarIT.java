package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a user runs it: a piped script locally, and against a server the jar itself serves. */
class CliJarIT {
    @TempDir
    Path dir;

    private static List<String> command(String... args) {
        return command(List.of(), args);
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        String jar = System.getProperty("mikrodb.jar");
        assertTrue(jar != null && Files.exists(Path.of(jar)), "the shaded jar is missing: " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the jar with {@code script} on standard input; returns exit code, stdout, stderr. */
    private String[] runScript(String script, String... args) throws Exception {
        return run(command(args), script);
    }

    private String[] run(List<String> command, String script) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out, err};
    }

    private static final String SCRIPT = "write users user1 {\"name\": \"Ada\"}\nget users user1\n"
            + "query users {\"name\": \"Ada\"}\nget users nobody\n";

    private static void check(String[] r) {
        List<String> out = r[1].lines().toList();
        assertEquals("{\"version\":1}", out.get(0), r[2]);
        assertTrue(out.get(1).startsWith("{\"key\":\"user1\",\"value\":{\"name\":\"Ada\"},\"version\":1"), out.get(1));
        assertTrue(out.get(2).startsWith("[{\"key\":\"user1\""), out.get(2));
        assertEquals("error: line 4: not found: no item 'nobody' in table 'users'", r[2].trim());
        assertEquals("1", r[0]);
    }

    @Test
    void pipedScriptAgainstTheDefaultLocalDirectory() throws Exception {
        check(runScript(SCRIPT, "shell"));
        assertTrue(Files.exists(dir.resolve("mikrodb/mikrodb.meta")), "the default directory is ./mikrodb");
        String[] oneShot = runScript("", "get", "users", "user1");
        assertEquals("0", oneShot[0], oneShot[2]);
    }

    /**
     * Building Jackson's ObjectMapper costs about 45 ms in a fresh JVM and starting java.util.logging about 30 ms, of
     * a one-shot get's 0.3 s; the item is written with the streaming generator alone, so the mapper is never built,
     * and nothing is logged, so logging never starts. The JVM's class-loading log says so.
     */
    @Test
    void aOneShotGetBuildsNoObjectMapperAndStartsNoLogging() throws Exception {
        assertEquals("0", runScript("", "write", "users", "user1", "{\"name\": \"Ada\"}")[0]);
        String[] get = run(command(List.of("-Xlog:class+load=info:stdout"), "get", "users", "user1"), "");
        assertEquals("0", get[0], get[2]);
        assertTrue(get[1].contains("{\"key\":\"user1\",\"value\":{\"name\":\"Ada\"}"), get[1]);
        assertTrue(get[1].contains("dev.mikrodb.wire.ItemCodec "), "the log lists the classes the get loaded");
        assertTrue(!get[1].contains("com.fasterxml.jackson.databind.ObjectMapper "),
                "a one-shot get built the ObjectMapper");
        assertTrue(!get[1].contains("java.util.logging.LogManager "), "a one-shot get started java.util.logging");
    }

    /**
     * Logging starts only if something logs (see {@code DeferredLogging}), and then with the shell's levels: a
     * recovery's warning about a damaged WAL tail reaches standard error, its INFO line only under {@code --debug}.
     */
    @Test
    void recoveryReportsStillReachTheUserWithTheShellsLevels() throws Exception {
        Path crashed = dir.resolve("crashed");
        Path quiet = dir.resolve("quiet");
        Path debug = dir.resolve("debug");
        try (dev.mikrodb.MikroDB db = dev.mikrodb.MikroDB.open(dev.mikrodb.MikroOptions.builder()
                .databaseDirectory(crashed).walIntervalMillis(3_600_000).maxWriteOpsBeforeFlush(1_000_000).build())) {
            db.write("users", "user1", java.util.Map.of("name", "Ada"));
            for (Path copy : List.of(quiet, debug)) { // copied while open: the WAL holds the write, as a kill leaves it
                Files.createDirectories(copy);
                try (var files = Files.list(crashed)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        if (!f.getFileName().toString().equals("LOCK")) {
                            Files.copy(f, copy.resolve(f.getFileName()));
                        }
                    }
                }
            }
        }
        String[] plain = runScript("", "get", "users", "user1", "--dir", quiet.toString());
        assertEquals("0", plain[0], plain[2]);
        assertEquals("", plain[2], "INFO is not shown without --debug");
        String[] debugged = runScript("", "get", "users", "user1", "--dir", debug.toString(), "--debug");
        assertEquals("0", debugged[0], debugged[2]);
        assertTrue(debugged[2].contains("INFO: opened ") && debugged[2].contains("replayed 1 WAL records"),
                debugged[2]);

        Files.write(quiet.resolve("wal.log"), "\0\0\0\100torn-tail-of-an-interrupted-write".getBytes(
                StandardCharsets.ISO_8859_1), java.nio.file.StandardOpenOption.APPEND);
        String[] torn = runScript("", "get", "users", "user1", "--dir", quiet.toString());
        assertEquals("0", torn[0], torn[2]);
        assertTrue(torn[1].contains("\"name\":\"Ada\""), torn[1]);
        assertTrue(torn[2].startsWith("WARNING: WAL ") && torn[2].contains("is damaged"), torn[2]);
    }

    @Test
    void pipedScriptAgainstAServerTheJarServes() throws Exception {
        Process server = new ProcessBuilder(command("serve", "--port", "0", "--dir", dir.resolve("served").toString(),
                "--apiKey", "jar-test-key-0123456")).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String url = null;
            String line;
            StringBuilder seen = new StringBuilder();
            while (url == null && (line = lines.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("listening on ")) {
                    url = line.substring(line.indexOf("listening on ") + 13).trim();
                }
            }
            assertTrue(url != null, "server did not start:\n" + seen);
            assertTrue(!seen.toString().contains("XNIO"), "no start-up chatter:\n" + seen);
            check(runScript(SCRIPT, "shell", "--url", url, "--apiKey", "jar-test-key-0123456"));
            server.toHandle().destroy(); // SIGTERM
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, server.exitValue());
        } finally {
            server.destroyForcibly();
        }
        String[] after = runScript("", "get", "users", "user1", "--dir", dir.resolve("served").toString());
        assertEquals("0", after[0], after[2]);
    }
}
