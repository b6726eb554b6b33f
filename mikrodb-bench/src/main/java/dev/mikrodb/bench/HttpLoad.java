package dev.mikrodb.bench;

import dev.mikrodb.server.ServerMain;
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
 * HTTP load against {@code mikrodb-server} (a child process) on loopback only: a fixed number of keep-alive connections, each sending
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

    /**
     * Starts {@code mikrodb serve} in a child JVM (so the load generator does not share the server's heap, JIT and
     * GC), loads {@code items} documents, and measures {@code POST /get} by key and {@code POST /write}.
     */
    static List<Result> run(int items, int connections, double seconds) throws Exception {
        Path dir = Files.createTempDirectory("mikrodb-http");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--port", "0", "--dir", dir.toString())
                .redirectErrorStream(true).start();
        List<Result> results = new ArrayList<>();
        try {
            int port = awaitPort(server);
            for (int from = 0; from < items; from += 500) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = from; i < Math.min(items, from + 500); i++) {
                    batch.append(i > from ? "," : "").append("{\"tableName\":\"users\",\"key\":\"")
                            .append(Dataset.key(i)).append("\",\"value\":")
                            .append(new String(Dataset.value(i, 1), StandardCharsets.UTF_8)).append('}');
                }
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.getOutputStream().write(request("/write", batch.append(']').toString()));
                    if (new ResponseReader(socket.getInputStream()).next() != 200) {
                        throw new IOException("loading the server failed");
                    }
                }
            }
            // Requests are built up front, so the generator spends its time sending and receiving.
            byte[][] gets = new byte[items][];
            byte[][] writes = new byte[items][];
            for (int n = 0; n < items; n++) {
                gets[n] = request("/get", "{\"tableName\":\"users\",\"key\":\"" + Dataset.key(n) + "\"}");
                writes[n] = request("/write", "{\"tableName\":\"users\",\"key\":\"" + Dataset.key(n)
                        + "\",\"value\":" + new String(Dataset.value(n, 2), StandardCharsets.UTF_8) + "}");
            }
            results.add(load("POST /get by key", port, connections, seconds, r -> gets[r.nextInt(items)]));
            results.add(load("POST /write", port, connections, seconds, r -> writes[r.nextInt(items)]));
        } finally {
            server.toHandle().destroy();
            server.waitFor();
            StoreState.deleteTree(dir);
        }
        return results;
    }

    /** Reads the child's output until it says where it listens. */
    private static int awaitPort(Process server) throws IOException {
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            int at = line.indexOf("listening on ");
            if (at >= 0) {
                String url = line.substring(at + 13).trim();
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
            }
        }
        throw new IOException("the server exited before listening");
    }

    /** Picks the next request of a connection. */
    private interface RequestMaker {
        byte[] make(SplittableRandom random);
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
                    ResponseReader in = new ResponseReader(socket.getInputStream());
                    while (!stop.get()) {
                        byte[] req = maker.make(random);
                        long start = System.nanoTime();
                        out.write(req);
                        out.flush();
                        int status = in.next();
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

    /** Reads HTTP/1.1 responses with Content-Length bodies from one connection, through its own buffer. */
    static final class ResponseReader {
        private final InputStream in;
        private byte[] buf = new byte[64 * 1024];
        private int start;
        private int end;

        ResponseReader(InputStream in) {
            this.in = in;
        }

        /** Consumes one response; returns its status. */
        int next() throws IOException {
            int headerEnd;
            while ((headerEnd = indexOfBlankLine()) < 0) {
                fill();
            }
            String head = new String(buf, start, headerEnd - start, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            int length = 0;
            int at = head.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
            if (at >= 0) {
                int eol = head.indexOf('\r', at);
                length = Integer.parseInt(head.substring(at + 15, eol < 0 ? head.length() : eol).trim());
            }
            int bodyStart = headerEnd + 4;
            while (end - bodyStart < length) {
                fill();
                bodyStart = start + (head.length() + 4);
            }
            start = bodyStart + length;
            return status;
        }

        private int indexOfBlankLine() {
            for (int i = start; i + 3 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                throw new IOException("connection closed");
            }
            end += n;
        }
    }
}
