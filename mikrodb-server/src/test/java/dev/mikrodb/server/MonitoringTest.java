package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: GET /api/stats and GET /metrics report a known load, in valid Prometheus text format. */
class MonitoringTest {
    /** One sample line of the text format: name, optional labels, a value (version 0.0.4). */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");

    @TempDir
    Path dir;

    @Test
    void statsAndMetricsReportAKnownLoad() throws Exception {
        try (MikroServer server = MikroServer.start(new MikroConfig(MikroOptions.builder()
                .databaseDirectory(dir.resolve("data")).build(), ServerSettings.builder().port(0).build()))) {
            TestHttp h = new TestHttp(server.baseUrl());
            for (int i = 0; i < 200; i++) {
                assertEquals(200, h.post("/write", "{\"tableName\":\"t\",\"key\":\"k" + i + "\",\"value\":" + i + "}")
                        .statusCode());
            }
            for (int i = 0; i < 50; i++) {
                h.post("/get", "{\"tableName\":\"t\",\"key\":\"k" + i + "\"}");
            }
            h.post("/get", "{\"tableName\":\"t\",\"key\":\"missing\"}");
            h.post("/db/shop/orders/insert_one", "{\"document\":{\"n\":1}}");

            JsonNode stats = WireJson.parse(h.get("/api/stats").body(), "stats");
            assertEquals(2, stats.get("database").get("databases").asInt(), stats.toString());
            assertEquals(2, stats.get("database").get("collections").asInt());
            assertEquals(201, stats.get("database").get("items").asLong());
            assertEquals(200, stats.get("performance").get("operations").get("write").get("total").asLong());
            assertEquals(51, stats.get("performance").get("operations").get("get").get("total").asLong());
            assertTrue(stats.get("performance").get("ops_per_second").asDouble() > 0);
            assertTrue(stats.get("connections").get("active").asLong() >= 1);
            assertTrue(stats.get("memory").get("heapUsed").asLong() > 0);
            assertTrue(stats.get("database").get("used_space_bytes").asLong() > 0);
            assertTrue(stats.get("server").get("uptime_ms").asLong() >= 0);

            HttpResponse<String> metrics = h.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            String text = metrics.body();
            Set<String> types = new HashSet<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    types.add(line.split(" ")[2]);
                } else if (!line.startsWith("#") && !line.isEmpty()) {
                    assertTrue(SAMPLE.matcher(line).matches(), "not a valid sample line: " + line);
                }
            }
            for (String family : new String[] {"mikrodb_operations_total", "mikrodb_operation_duration_seconds",
                    "mikrodb_wal_bytes", "mikrodb_fsync_total", "mikrodb_checkpoint_duration_seconds_total",
                    "mikrodb_cache_hits_total", "mikrodb_cache_misses_total", "mikrodb_cache_evictions_total",
                    "mikrodb_http_requests_total", "jvm_memory_used_bytes"}) {
                assertTrue(types.contains(family), family + " missing; families: " + types);
            }
            assertTrue(text.contains("mikrodb_operations_total{op=\"write\",outcome=\"ok\"} 200"), text);
            assertTrue(text.contains("mikrodb_http_requests_total{route=\"POST /write\",status=\"200\"} 200"), text);
            assertTrue(text.contains("mikrodb_http_requests_total{route=\"POST /get\",status=\"404\"} 1"), text);
            assertTrue(text.contains("mikrodb_operation_duration_seconds_count{op=\"get\"} 51"), text);
            promtool(text);
        }
    }

    @Test
    void metricsStayFastWithAThousandTables() throws Exception {
        try (MikroServer server = MikroServer.start(new MikroConfig(MikroOptions.builder()
                .databaseDirectory(dir.resolve("many")).build(), ServerSettings.builder().port(0).build()))) {
            for (int i = 0; i < 1_000; i++) {
                server.currentDatabase().write("table" + i, "k", i);
            }
            server.currentDatabase().flush();
            TestHttp h = new TestHttp(server.baseUrl());
            for (int i = 0; i < 5; i++) {
                assertEquals(200, h.get("/metrics").statusCode()); // warm up
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                assertEquals(200, h.get("/metrics").statusCode());
                best = Math.min(best, System.nanoTime() - start);
            }
            // Reported, not asserted: timing on a shared machine belongs in the benchmarks (docs/benchmarks.md).
            System.out.printf("MonitoringTest: /metrics with 1,000 tables, best of 10: %.1f ms%n", best / 1e6);
        }
    }

    /** {@code promtool check metrics} when the Prometheus package is installed; skipped silently otherwise. */
    private static void promtool(String text) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            return;
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
    }
}
