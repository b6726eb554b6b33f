package dev.mikrodb.bench;

import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.server.MikroServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP load against {@code mikrodb-server} on loopback only: a fixed number of keep-alive connections, each sending
 * one request at a time for a bounded duration, measuring throughput and latency percentiles. Raw HTTP/1.1 over
 * sockets keeps the client's own cost small next to the server's.
 */
final class HttpLoad {
    /** Throughput and latency of one run. */
    record Result(String name, int connections, double seconds, long requests, long errors, double p50Micros,
                  double p99Micros, double p999Micros) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private HttpLoad() {
    }

    static List<Result> run(int items, int connections, double seconds) throws Exception {
        Path dir = Files.createTempDirectory("mikrodb-http");
        List<Result> results = new ArrayList<>();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build());
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                batch.add(WriteRequest.of("users", Dataset.key(i), Json.parse(Dataset.value(i, 1))));
                if (batch.size() == 1000) {
                    db.writeBatch(batch);
                    batch.clear();
                }
            }
            int port = server.port();
            results.add(load("POST /get by key", port, connections, seconds, (r, i) -> request("/get",
                    "{\"tableName\":\"users\",\"key\":\"" + Dataset.key(r.nextInt(items)) + "\"}")));
            results.add(load("POST /write", port, connections, seconds, (r, i) -> {
                int n = r.nextInt(items);
                return request("/write", "{\"tableName\":\"users\",\"key\":\"" + Dataset.key(n) + "\",\"value\":"
                        + new String(Dataset.value(n, 2), StandardCharsets.UTF_8) + "}");
            }));
        } finally {
            StoreState.deleteTree(dir);
        }
        return results;
    }

    private interface RequestMaker {
        byte[] make(SplittableRandom random, long index);
    }

    private static byte[] request(String path, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + b.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    private static Result load(String name, int port, int connections, double seconds, RequestMaker maker)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[][] latencies = new long[connections][];
        long[] counts = new long[connections];
        long[] errors = new long[connections];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 20];
                int n = 0;
                SplittableRandom random = new SplittableRandom(id);
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    while (!stop.get()) {
                        byte[] req = maker.make(random, n);
                        long start = System.nanoTime();
                        out.write(req);
                        out.flush();
                        int status = readResponse(in);
                        long took = System.nanoTime() - start;
                        if (status != 200) {
                            errors[id]++;
                        }
                        if (n < lat.length) {
                            lat[n] = took;
                        }
                        n++;
                    }
                } catch (IOException e) {
                    errors[id]++;
                }
                counts[id] = n;
                latencies[id] = Arrays.copyOf(lat, Math.min(n, lat.length));
            }, "load-" + c);
            threads.add(t);
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, connections, elapsed, Arrays.stream(counts).sum(), Arrays.stream(errors).sum(),
                percentile(all, 0.50), percentile(all, 0.99), percentile(all, 0.999));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1000.0;
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int status = -1;
        int length = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c == '\n') {
                String l = line.toString().trim();
                line.setLength(0);
                if (l.isEmpty()) {
                    break;
                }
                if (status < 0) {
                    status = Integer.parseInt(l.split(" ")[1]);
                } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
            } else {
                line.append((char) c);
            }
        }
        in.readNBytes(length);
        return status;
    }
}
