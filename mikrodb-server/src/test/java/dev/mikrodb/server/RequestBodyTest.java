package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies as the server reads them off the connection: whole when they arrive in pieces, by announced length
 * or chunked, larger than the reader's first buffer, and with the next request on the same connection read after.
 */
class RequestBodyTest {
    @TempDir
    Path dir;
    MikroDB db;
    MikroServer server;

    @BeforeEach
    void start() {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir.resolve("db")).build());
        server = MikroServer.start(db, ServerSettings.builder().port(0).maxBodyBytes(64 * 1024).build());
    }

    @AfterEach
    void stop() {
        server.stop();
        db.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String writeBody(String key, int valueLength) {
        return "{\"tableName\": \"t\", \"key\": \"" + key + "\", \"value\": \"" + "v".repeat(valueLength) + "\"}";
    }

    /** Another connection's request answered: the server has had a turn at the first connection's bytes meanwhile. */
    private void anotherRequestAnswered() throws Exception {
        try (RawHttp other = new RawHttp(server.port())) {
            assertEquals(200, other.request("GET", "/health", null).status());
        }
    }

    @Test
    void aBodyOfAnnouncedLengthArrivingInPiecesIsReadWholeAndTheConnectionServesTheNextRequest() throws Exception {
        byte[] body = bytes(writeBody("pieces", 3_000)); // past one network buffer's worth of reads at once
        try (RawHttp h = new RawHttp(server.port())) {
            h.send("POST /write HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n");
            h.send(Arrays.copyOf(body, 10));
            anotherRequestAnswered();
            h.send(Arrays.copyOfRange(body, 10, 1_500));
            anotherRequestAnswered();
            h.send(Arrays.copyOfRange(body, 1_500, body.length));
            RawHttp.Answer a = h.read();
            assertEquals(200, a.status(), a.head() + a.body());
            assertEquals(200, h.request("POST", "/get", bytes("{\"tableName\": \"t\", \"key\": \"pieces\"}")).status(),
                    "the same connection, after the body");
        }
        assertEquals("\"" + "v".repeat(3_000) + "\"", db.get("t", "pieces").orElseThrow().valueJson());
    }

    @Test
    void aChunkedBodyLargerThanTheFirstBufferIsReadWhole() throws Exception {
        byte[] body = bytes(writeBody("chunked", 2_000));
        int half = body.length / 2;
        try (RawHttp h = new RawHttp(server.port())) {
            h.send("POST /write HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(half) + "\r\n");
            h.send(Arrays.copyOf(body, half));
            h.send("\r\n");
            anotherRequestAnswered();
            h.send(Integer.toHexString(body.length - half) + "\r\n");
            h.send(Arrays.copyOfRange(body, half, body.length));
            h.send("\r\n0\r\n\r\n");
            RawHttp.Answer a = h.read();
            assertEquals(200, a.status(), a.head() + a.body());
        }
        assertEquals("\"" + "v".repeat(2_000) + "\"", db.get("t", "chunked").orElseThrow().valueJson());
    }

    /** A chunked body of exactly {@code length} bytes, a write of key {@code key}. */
    private static byte[] writeBodyOfLength(String key, int length) {
        int overhead = bytes(writeBody(key, 0)).length;
        return bytes(writeBody(key, length - overhead));
    }

    private RawHttp.Answer chunkedWrite(byte[] body) throws Exception {
        try (RawHttp h = new RawHttp(server.port())) {
            h.send("POST /write HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length) + "\r\n");
            h.send(body);
            h.send("\r\n0\r\n\r\n");
            return h.read();
        }
    }

    @Test
    void aChunkedBodyAtTheLimitIsReadAndOneByteOverItIsA413() throws Exception {
        byte[] atLimit = writeBodyOfLength("at", 64 * 1024);
        assertEquals(64 * 1024, atLimit.length);
        RawHttp.Answer a = chunkedWrite(atLimit);
        assertEquals(200, a.status(), a.head() + a.body());
        byte[] over = writeBodyOfLength("over", 64 * 1024 + 1);
        RawHttp.Answer b = chunkedWrite(over);
        assertEquals(413, b.status(), b.head() + b.body());
        assertEquals(1, db.tableSize("t"), "only the body at the limit was written");
    }

    @Test
    void anEmptyBodyIsReadAsEmpty() throws Exception {
        try (RawHttp h = new RawHttp(server.port())) {
            RawHttp.Answer empty = h.request("POST", "/write", new byte[0]);
            assertEquals(400, empty.status(), empty.head() + empty.body());
            org.junit.jupiter.api.Assertions.assertTrue(empty.body().contains("body"), empty.body());
        }
    }
}
