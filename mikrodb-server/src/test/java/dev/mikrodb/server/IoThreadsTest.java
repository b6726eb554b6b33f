package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import dev.mikrodb.config.ServerSettings;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.ioThreads}: the server runs that many I/O threads, and serves writes and key reads on them. */
class IoThreadsTest {
    @TempDir
    Path dir;

    private static Set<String> ioThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.contains(" I/O-")).collect(Collectors.toSet());
    }

    @Test
    void oneIoThreadServesWritesAndReads() throws Exception {
        Set<String> before = ioThreadNames();
        try (MikroDB db = MikroDB.open(dir);
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).ioThreads(1).build())) {
            Set<String> started = ioThreadNames();
            started.removeAll(before);
            assertEquals(1, started.size(), "the server's I/O threads: " + started);
            TestHttp http = new TestHttp(server.baseUrl());
            for (int i = 0; i < 20; i++) { // the fast path (a loaded table) and the worker path alike
                assertEquals(200, http.post("/write", "{\"tableName\":\"t\",\"key\":\"k" + i + "\",\"value\":" + i
                        + "}").statusCode());
            }
            var read = http.post("/get", "{\"tableName\":\"t\",\"key\":\"k7\"}");
            assertEquals(200, read.statusCode());
            assertTrue(read.body().contains("7"), read.body());
            assertEquals(20, TestHttp.json(http.post("/get", "{\"tableName\":\"t\"}")).size());
        }
    }
}
