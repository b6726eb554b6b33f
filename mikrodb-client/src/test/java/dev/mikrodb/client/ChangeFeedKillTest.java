package dev.mikrodb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.Subscription;
import dev.mikrodb.server.testing.ServerProcesses;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's proof: during 50,000 writes from 4 writers, the server is killed with SIGKILL and restarted, and
 * separately the subscriber dies and a new one resumes from the last revision it recorded. Afterwards the subscriber
 * has seen every commit exactly once, in revision order, including every acknowledged write.
 */
class ChangeFeedKillTest {
    private static final int WRITERS = 4;
    private static final int WRITES_PER_WRITER = 12_500;

    @TempDir
    Path dir;

    private static Process startServer(Path db, int port) throws Exception {
        Process p = ServerProcesses.start("-Xmx512m", db, "--port", String.valueOf(port));
        ServerProcesses.awaitListening(p, new ArrayList<>(), new StringBuffer());
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void killingTheServerOrTheSubscriberLosesAndRepeatsNoCommittedEvent() throws Exception {
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        Process server = startServer(dir.resolve("db"), port);
        List<ChangeEvent> seen = new CopyOnWriteArrayList<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger done = new AtomicInteger();
        try (MikroDBClient client = MikroDBClient.builder(url).requestTimeout(java.time.Duration.ofSeconds(30))
                .build()) {
            Subscription first = client.subscribe("t", SubscribeOptions.fromRevision(0), seen::add);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                        String key = "w" + id + "-" + i;
                        while (true) { // until acknowledged: a failed attempt may or may not have committed
                            try {
                                client.write("t", key, i);
                                acknowledged.add(key);
                                break;
                            } catch (ConnectionException | ServerErrorException e) {
                                // A retry backoff (not synchronization): four writers spinning on a refused
                                // connection would starve the restarting server of CPU on a small machine.
                                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                            }
                        }
                        done.incrementAndGet();
                    }
                });
                writers.add(t);
                t.start();
            }
            awaitProgress(done, 15_000);
            server.destroyForcibly(); // SIGKILL, mid-write
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            server = startServer(dir.resolve("db"), port);

            awaitProgress(done, 30_000);
            first.close(); // the subscriber dies; its successor starts from the last revision it recorded
            long resumeFrom = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).revision(); // one event per commit here
            Subscription second = client.subscribe("t", SubscribeOptions.fromRevision(resumeFrom), seen::add);
            for (Thread t : writers) {
                t.join();
            }
            long last = client.revision();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < last && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling for the stream to catch up, bounded; not a synchronization guess
            }
            second.close();
            assertEquals(last, seen.size(), "one event per commit (every commit here writes one item)");
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i + 1, seen.get(i).revision(), "revision order, no gap, no duplicate");
                keys.add(seen.get(i).key());
            }
            assertTrue(keys.containsAll(acknowledged), "every acknowledged write was delivered");
            assertEquals(WRITERS * WRITES_PER_WRITER, acknowledged.size());
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitProgress(AtomicInteger done, int writes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (done.get() < writes) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writers stalled at " + done.get());
            }
            Thread.sleep(5);
        }
    }
}
