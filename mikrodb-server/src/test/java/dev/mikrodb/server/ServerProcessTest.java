package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a real process: SIGTERM drains, flushes and exits 0; a restart finds every acknowledged write. */
class ServerProcessTest {
    @TempDir
    Path dir;

    static Process startServer(Path dbDir, String... extra) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), ServerMain.class.getName(), "--dir", dbDir.toString(),
                "--port", "0"));
        command.addAll(java.util.List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the child's output until it says where it listens; returns the base URL. Later output goes to {@code rest}. */
    static String awaitListening(Process p) throws Exception {
        return awaitListening(p, new StringBuffer());
    }

    static String awaitListening(Process p, StringBuffer rest) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            int at = line.indexOf("listening on ");
            if (at >= 0) {
                Thread drain = new Thread(() -> {
                    try {
                        String l;
                        while ((l = out.readLine()) != null) {
                            rest.append(l).append('\n');
                        }
                    } catch (java.io.IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return line.substring(at + "listening on ".length()).trim();
            }
        }
        throw new AssertionError("server exited before listening:\n" + seen);
    }

    @Test
    void sigtermStopsCleanlyAndKeepsEveryAcknowledgedWrite() throws Exception {
        Process server = startServer(dir.resolve("db"));
        StringBuffer output = new StringBuffer();
        try {
            TestHttp h = new TestHttp(awaitListening(server, output));
            for (int i = 0; i < 50; i++) {
                assertEquals(200, h.post("/write", "{\"tableName\": \"t\", \"key\": \"k" + i + "\", \"value\": " + i
                        + "}").statusCode());
            }
            server.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            // 143 = 128 + SIGTERM: how the JVM reports a signal-initiated shutdown after the hooks ran.
            assertEquals(143, server.exitValue());
            try {
                ServerLifecycleTest.waitUntil(() -> output.toString().contains("stopping"));
            } catch (AssertionError e) {
                throw new AssertionError("output was: [" + output + "]", e);
            }
            assertTrue(output.toString().contains("stopping: draining requests and flushing the database"),
                    output.toString());
        } finally {
            server.destroyForcibly();
        }
        Process again = startServer(dir.resolve("db"));
        try {
            TestHttp h = new TestHttp(awaitListening(again));
            assertEquals("{\"tableName\":\"t\",\"size\":50}", h.get("/table?tableName=t").body());
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void badConfigurationExitsWithAClearMessage() throws Exception {
        Process p = startServer(dir.resolve("db"), "--host", "0.0.0.0");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), output);
        assertTrue(output.startsWith("error: refusing to listen on 0.0.0.0"), output);
        assertTrue(!output.contains("Exception"), output);
    }
}
