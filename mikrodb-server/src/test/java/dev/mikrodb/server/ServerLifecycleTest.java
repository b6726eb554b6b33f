package dev.mikrodb.server;

import dev.mikrodb.server.testing.SelfSignedCertificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.wire.WireJson;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS, HTTP/2, the change stream, and shutdown that drains requests and keeps the data. */
class ServerLifecycleTest {
    @TempDir
    Path dir;

    private MikroConfig config(ServerSettings settings) {
        return new MikroConfig(MikroOptions.builder().databaseDirectory(dir.resolve("db")).build(), settings);
    }

    @Test
    void httpsAndHttp2WithASelfSignedCertificate() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate(dir);
        for (boolean http2 : new boolean[] {false, true}) {
            try (MikroServer server = MikroServer.start(config(ServerSettings.builder().port(0)
                    .https(cert.certFile.toString(), cert.keyFile.toString(), null).http2(http2).build()))) {
                assertTrue(server.baseUrl().startsWith("https://"));
                HttpClient client = HttpClient.newBuilder().sslContext(cert.clientContext())
                        .version(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1).build();
                TestHttp h = new TestHttp(server.baseUrl(), client);
                HttpResponse<String> w = h.post("/write", "{\"tableName\": \"t\", \"key\": \"k\", \"value\": 42}");
                assertEquals(200, w.statusCode(), w.body());
                HttpResponse<String> g = h.post("/get", "{\"tableName\": \"t\", \"key\": \"k\"}");
                assertEquals("42", g.body());
                assertEquals(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1, g.version());
            }
        }
    }

    @Test
    void badTlsFilesAreClearErrors() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.mikrodb.config.ConfigurationException.class,
                () -> MikroServer.start(config(ServerSettings.builder().port(0).https(dir.resolve("missing.pem")
                        .toString(), dir.resolve("k.pem").toString(), null).build())));
        assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
    }

    @Test
    void changeStreamDeliversCommitsInOrderAsServerSentEvents() throws Exception {
        try (MikroServer server = MikroServer.start(config(ServerSettings.builder().port(0).build()))) {
            List<String> lines = new CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/events?tableName=orders"))
                    .build();
            HttpResponse<InputStream> stream = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse("")
                    .split(";")[0]);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    String event = null;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("event:")) {
                            event = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            if ("ready".equals(event)) {
                                ready.countDown();
                            } else {
                                lines.add(line.substring(5).trim());
                            }
                        }
                    }
                } catch (Exception ignored) {
                    // the stream ends when the server stops
                }
            });
            reader.start();
            TestHttp h = new TestHttp(server.baseUrl());
            assertTrue(ready.await(20, TimeUnit.SECONDS), "the server says when the subscription is live");
            for (int i = 1; i <= 20; i++) {
                h.post("/write", "{\"tableName\": \"orders\", \"key\": \"o" + (i % 3) + "\", \"value\": " + i + "}");
                h.post("/write", "{\"tableName\": \"other\", \"key\": \"x\", \"value\": " + i + "}");
            }
            h.delete("/delete?tableName=orders&key=o1");
            waitUntil(() -> lines.size() >= 21);
            List<Integer> values = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                JsonNode event = WireJson.mapper().readTree(lines.get(i));
                assertEquals("item.written", event.get("operation").asText());
                assertEquals("orders", event.get("table").asText());
                values.add(event.get("record").get("value").asInt());
            }
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList(), values, "commit order");
            assertEquals("item.deleted", WireJson.mapper().readTree(lines.get(20)).get("operation").asText());
            assertEquals(400, h.get("/events?tableName=../x").statusCode());
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 20 s");
            }
            Thread.sleep(20);
        }
    }
}
