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
        Process server = startServer(dir, false);
        List<Result> results = new ArrayList<>();
        try {
            int port = awaitPort(server);
            load(port, items, "");
            // Requests are built up front, so the generator spends its time sending and receiving.
            byte[][] gets = gets(items, "");
            byte[][] writes = new byte[items][];
            for (int n = 0; n < items; n++) {
                writes[n] = request("/write", "{\"tableName\":\"users\",\"key\":\"" + Dataset.key(n)
                        + "\",\"value\":" + new String(Dataset.value(n, 2), StandardCharsets.UTF_8) + "}", "");
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

    /**
     * {@code POST /get} with auth off, then on with an unlimited {@code read_write} key, then on with a key limited
     * to the {@code default} database (which makes the server look at the body's database and table), each
     * {@code rounds} times in turn so that drift on a shared machine affects all three alike.
     */
    static List<Result> authComparison(int items, int connections, double seconds, int rounds) throws Exception {
        Path open = Files.createTempDirectory("mikrodb-http-open");
        Path secured = Files.createTempDirectory("mikrodb-http-auth");
        Process openServer = startServer(open, false);
        Process authServer = startServer(secured, true);
        List<Result> results = new ArrayList<>();
        try {
            int openPort = awaitPort(openServer);
            int authPort = awaitPort(authServer);
            String admin = "Authorization: Bearer " + ADMIN_KEY + "\r\n";
            String unlimited = "Authorization: Bearer " + createKey(authPort, admin, "[]") + "\r\n";
            String scoped = "Authorization: Bearer " + createKey(authPort, admin, "[\"default\"]") + "\r\n";
            load(openPort, items, "");
            load(authPort, items, admin);
            byte[][] plain = gets(items, "");
            byte[][] withKey = gets(items, unlimited);
            byte[][] withScopedKey = gets(items, scoped);
            for (int round = -1; round < rounds; round++) {
                if (round == 0) {
                    results.clear(); // the first round warms both servers' JIT up and is not reported
                }
                results.add(load("POST /get, auth off", openPort, connections, seconds,
                        r -> plain[r.nextInt(items)]));
                results.add(load("POST /get, auth on (read_write key)", authPort, connections, seconds,
                        r -> withKey[r.nextInt(items)]));
                results.add(load("POST /get, auth on (key limited to a database)", authPort, connections, seconds,
                        r -> withScopedKey[r.nextInt(items)]));
            }
        } finally {
            for (Process p : List.of(openServer, authServer)) {
                p.toHandle().destroy();
                p.waitFor();
            }
            StoreState.deleteTree(open);
            StoreState.deleteTree(secured);
        }
        return results;
    }

    /** {@code java -cp benchmarks.jar dev.mikrodb.bench.HttpLoad auth [seconds] [rounds]}: the auth comparison. */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Result> results = authComparison(10_000, 8, seconds, rounds);
        java.util.Map<String, Double> total = new java.util.LinkedHashMap<>();
        for (Result r : results) {
            System.out.printf("%-48s %9.0f req/s  p50 %6.0f us  p99 %6.0f us  errors %d%n", r.name(), r.perSecond(),
                    r.p50Micros(), r.p99Micros(), r.errors());
            total.merge(r.name(), r.perSecond(), Double::sum);
        }
        double off = total.values().iterator().next();
        total.forEach((name, sum) -> System.out.printf("%-48s mean %9.0f req/s, %.2fx auth off%n", name,
                sum / rounds, sum / off));
    }

    private static final String ADMIN_KEY = "bench-admin-key-0123456789abcdef";

    private static Process startServer(Path dir, boolean auth) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--port", "0", "--dir", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (auth) {
            command.add("--auth");
            pb.command(command).environment().put("MIKRODB_ADMIN_KEY", ADMIN_KEY);
        }
        return pb.start();
    }

    private static String createKey(int port, String adminHeader, String databases) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(request("/api/keys", "{\"name\":\"bench" + databases.length()
                    + "\",\"role\":\"read_write\",\"databases\":" + databases + "}", adminHeader));
            ResponseReader in = new ResponseReader(socket.getInputStream());
            if (in.next() != 200) {
                throw new IOException("creating a key failed");
            }
            String body = in.lastBody();
            int at = body.indexOf("\"key\":\"") + 7;
            return body.substring(at, body.indexOf('"', at));
        }
    }

    private static void load(int port, int items, String headers) throws IOException {
        for (int from = 0; from < items; from += 500) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = from; i < Math.min(items, from + 500); i++) {
                batch.append(i > from ? "," : "").append("{\"tableName\":\"users\",\"key\":\"")
                        .append(Dataset.key(i)).append("\",\"value\":")
                        .append(new String(Dataset.value(i, 1), StandardCharsets.UTF_8)).append('}');
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getOutputStream().write(request("/write", batch.append(']').toString(), headers));
                if (new ResponseReader(socket.getInputStream()).next() != 200) {
                    throw new IOException("loading the server failed");
                }
            }
        }
    }

    private static byte[][] gets(int items, String headers) {
        byte[][] gets = new byte[items][];
        for (int n = 0; n < items; n++) {
            gets[n] = request("/get", "{\"tableName\":\"users\",\"key\":\"" + Dataset.key(n) + "\"}", headers);
        }
        return gets;
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

    private static byte[] request(String path, String body, String headers) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + headers + "Content-Length: " + b.length + "\r\n\r\n";
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
        private String lastBody = "";

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
            lastBody = new String(buf, bodyStart, length, StandardCharsets.UTF_8);
            start = bodyStart + length;
            return status;
        }

        /** The body of the response {@link #next} consumed last. */
        String lastBody() {
            return lastBody;
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
