package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStats;
import dev.mikrodb.wire.WireJson;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/stats} (JSON) and {@code GET /metrics} (Prometheus text format, through the official client, whose
 * JVM metrics come along). Core keeps its own counters ({@link MikroStats}); this turns them into metric families
 * at scrape time, with bounded labels (operation, outcome, route, status; never a key or table).
 */
public final class ServerMonitor {
    private static final String VERSION = versionOf();
    private final Supplier<MikroDB> database;
    private final ConnectionCounts connections;
    private final RequestCounter requests;
    private final long startedAt = System.currentTimeMillis();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public ServerMonitor(Supplier<MikroDB> database, ConnectionCounts connections, RequestCounter requests) {
        this.database = database;
        this.connections = connections;
        this.requests = requests;
        JvmMetrics.builder().register(registry);
        registry.register((MultiCollector) this::collect);
    }

    /** {@code GET /api/stats}: server, memory, database, storage, performance, cache, connections, subscribers. */
    public void stats(HttpServerExchange exchange) {
        MikroStats s = db().stats(true);
        ObjectNode out = WireJson.object();
        long uptime = System.currentTimeMillis() - startedAt;
        out.putObject("server").put("version", VERSION).put("uptime_ms", uptime)
                .put("uptime_formatted", formatUptime(uptime)).put("started_at", startedAt)
                .put("java_version", Runtime.version().toString());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.putObject("memory").put("heapUsed", heap.getUsed()).put("heapTotal", heap.getCommitted())
                .put("heapMax", heap.getMax()).put("rss_bytes", residentSetBytes());
        ObjectNode database = out.putObject("database").put("databases", s.data().databases())
                .put("collections", s.data().tables()).put("items", s.data().items())
                .put("loaded_tables", s.data().loadedTables()).put("revision", s.revision())
                .put("used_space_bytes", s.storage().totalBytes())
                .put("used_space_mb", Math.round(s.storage().totalBytes() / 1048576.0 * 100) / 100.0);
        ObjectNode byDb = database.putObject("bytes_by_database");
        s.storage().bytesByDatabase().forEach(byDb::put);
        if ("true".equals(StoreHandlers.param(exchange, "tables"))) {
            ObjectNode byTable = database.putObject("bytes_by_table");
            s.storage().bytesByTable().forEach(byTable::put);
        }
        out.putObject("storage").put("total_bytes", s.storage().totalBytes()).put("wal_bytes", s.storage().walBytes())
                .put("change_feed_bytes", s.storage().changeFeedBytes())
                .put("checkpoints", s.storage().checkpoints())
                .put("last_checkpoint_ms", s.storage().lastCheckpointMillis())
                .put("fsyncs", s.storage().fsyncs()).put("wal_bytes_appended", s.storage().walBytesAppended());
        ObjectNode performance = out.putObject("performance");
        ObjectNode ops = performance.putObject("operations");
        double perSecond = 0;
        long total = 0;
        double seconds = 0;
        for (Map.Entry<String, MikroStats.Operation> e : s.operations().entrySet()) {
            MikroStats.Operation o = e.getValue();
            perSecond += o.perSecondLastMinute();
            total += o.total();
            seconds += o.secondsTotal();
            ops.putObject(e.getKey()).put("total", o.total()).put("errors", o.errors())
                    .put("ops_per_second", o.perSecondLastMinute()).put("p50_ms", o.p50MicrosLastMinute() / 1000)
                    .put("p99_ms", o.p99MicrosLastMinute() / 1000);
        }
        performance.put("ops_per_second", perSecond).put("total_operations", total)
                .put("avg_response_time_ms", total == 0 ? 0 : seconds * 1000 / total);
        out.putObject("cache").put("hits", s.cache().hits()).put("misses", s.cache().misses())
                .put("evictions", s.cache().evictions());
        out.putObject("connections").put("active", connections.active()).put("total", connections.total());
        out.putObject("subscribers").put("count", s.subscribers().count())
                .put("queued_events", s.subscribers().queuedEvents())
                .put("dropped_events", s.subscribers().droppedEvents());
        Responses.json(exchange, 200, out);
    }

    /** {@code GET /metrics}: the Prometheus text exposition format, version 0.0.4. */
    public void metrics(HttpServerExchange exchange) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        writer.write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PrometheusTextFormatWriter.CONTENT_TYPE);
        exchange.getResponseSender().send(ByteBuffer.wrap(out.toByteArray()));
    }

    private MetricSnapshots collect() {
        MikroStats s = db().stats(false);
        MetricSnapshots.Builder b = MetricSnapshots.builder();
        CounterSnapshot.Builder operations = CounterSnapshot.builder().name("mikrodb_operations")
                .help("Operations since start, by operation and outcome");
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder().name("mikrodb_operation_duration_seconds")
                .help("Operation latency since start").unit(Unit.SECONDS);
        double[] bounds = new double[MikroStats.LATENCY_BUCKET_SECONDS.size() + 1];
        for (int i = 0; i < bounds.length - 1; i++) {
            bounds[i] = MikroStats.LATENCY_BUCKET_SECONDS.get(i);
        }
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, MikroStats.Operation> e : s.operations().entrySet()) {
            MikroStats.Operation o = e.getValue();
            operations.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("op", e.getKey(), "outcome",
                    "ok")).value(o.total() - o.errors()).build());
            operations.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("op", e.getKey(), "outcome",
                    "error")).value(o.errors()).build());
            long[] counts = o.latencyBuckets().stream().mapToLong(Long::longValue).toArray();
            durations.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("op", e.getKey())).sum(o.secondsTotal())
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).build());
        }
        b.metricSnapshot(operations.build()).metricSnapshot(durations.build());
        b.metricSnapshot(gauge("mikrodb_wal_bytes", "Bytes of the write-ahead log on disk", s.storage().walBytes()));
        b.metricSnapshot(gauge("mikrodb_change_feed_bytes", "Bytes of the change feed's retained history",
                s.storage().changeFeedBytes()));
        b.metricSnapshot(gauge("mikrodb_disk_bytes", "Bytes of every file of the database", s.storage()
                .totalBytes()));
        b.metricSnapshot(counter("mikrodb_fsync", "fsyncs of the write-ahead log", s.storage().fsyncs()));
        b.metricSnapshot(counter("mikrodb_wal_appended_bytes", "Bytes appended to the write-ahead log", s.storage()
                .walBytesAppended()));
        b.metricSnapshot(counter("mikrodb_checkpoints", "Checkpoints finished", s.storage().checkpoints()));
        b.metricSnapshot(counter("mikrodb_checkpoint_duration_seconds", "Seconds spent in checkpoints", s.storage()
                .checkpointSecondsTotal()));
        b.metricSnapshot(counter("mikrodb_cache_hits", "Table lookups answered from memory", s.cache().hits()));
        b.metricSnapshot(counter("mikrodb_cache_misses", "Table lookups that read files", s.cache().misses()));
        b.metricSnapshot(counter("mikrodb_cache_evictions", "Tables evicted from memory", s.cache().evictions()));
        b.metricSnapshot(gauge("mikrodb_tables", "Tables (collections) of every database", s.data().tables()));
        b.metricSnapshot(gauge("mikrodb_databases", "Databases", s.data().databases()));
        b.metricSnapshot(gauge("mikrodb_loaded_tables", "Tables loaded in memory", s.data().loadedTables()));
        b.metricSnapshot(gauge("mikrodb_loaded_items", "Items of the tables loaded in memory", s.data().items()));
        b.metricSnapshot(gauge("mikrodb_revision", "Revision of the last commit", s.revision()));
        b.metricSnapshot(gauge("mikrodb_subscribers", "Change-event subscribers", s.subscribers().count()));
        b.metricSnapshot(gauge("mikrodb_subscriber_queued_events", "Events waiting in subscriber queues",
                s.subscribers().queuedEvents()));
        b.metricSnapshot(gauge("mikrodb_connections_active", "Open HTTP connections", connections.active()));
        b.metricSnapshot(counter("mikrodb_connections", "HTTP connections accepted", connections.total()));
        CounterSnapshot.Builder http = CounterSnapshot.builder().name("mikrodb_http_requests")
                .help("HTTP requests by route template and status");
        for (Map.Entry<String[], Long> e : requests.snapshot().entrySet()) {
            http.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("route", e.getKey()[0], "status",
                    e.getKey()[1])).value(e.getValue()).build());
        }
        return b.metricSnapshot(http.build()).build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(GaugeDataPointSnapshot.builder().value(value)
                .build()).build();
    }

    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(CounterDataPointSnapshot.builder()
                .value(value).build()).build();
    }

    private MikroDB db() {
        MikroDB db = database.get();
        if (db == null) {
            throw new HttpException(501, "stats need a server over an embedded database");
        }
        return db;
    }

    private static long residentSetBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: reported as -1
        }
        return -1;
    }

    private static String formatUptime(long millis) {
        long s = millis / 1000;
        return String.format("%dd %02dh %02dm %02ds", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    }

    private static String versionOf() {
        String v = ServerMonitor.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
