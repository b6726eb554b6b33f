package dev.mikrodb.client.internal;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.Subscription;
import dev.mikrodb.wire.ChangeEventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A change subscription over the server's {@code GET /events}: a daemon thread reads the Server-Sent Events and hands
 * each change to the listener in order, reconnecting with backoff after a drop (or a server restart) until closed.
 * It resumes from the last revision it delivered, so nothing committed meanwhile is missed or repeated: events of one
 * commit share a revision, so after a drop inside a commit it resumes from the revision before and skips the events
 * of that commit it already delivered. A resume older than the server's retained history ends the subscription with
 * {@link dev.mikrodb.HistoryCompactedException} passed to {@link ChangeListener#onError}.
 */
public final class EventStream implements Subscription {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.client");

    private final Transport transport;
    private final String path;
    private final ChangeListener listener;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean closed;
    /** Held while the listener runs; {@link #close} takes it to wait for a delivery in progress. */
    private final java.util.concurrent.locks.ReentrantLock delivering = new java.util.concurrent.locks.ReentrantLock();
    private volatile InputStream current;
    private volatile RuntimeException startFailure;
    /** Turns a non-200 answer into the client's exception; set by {@link #start}. */
    private volatile Function<Transport.Response, RuntimeException> errorMapper;

    /** The revision of the last event delivered (or passed by a progress event); -1 before the first ready. */
    private volatile long lastRevision;
    /** Events of {@code lastRevision} delivered so far, and how many of them a resumed stream must skip. */
    private int deliveredInRevision;
    private int toSkip;

    /**
     * @param path {@code /events?...} without a start
     * @param fromRevision the first start ({@code fromRevision}), or -1 for live events only
     */
    public EventStream(Transport transport, String path, long fromRevision, ChangeListener listener) {
        this.transport = transport;
        this.path = path;
        this.lastRevision = fromRevision;
        this.listener = listener;
        this.thread = new Thread(this::run, "mikrodb-client-events");
        this.thread.setDaemon(true);
    }

    /** Starts reading and waits until the server confirms the subscription (its {@code ready} event). */
    public void start(long timeoutMillis, Function<Transport.Response, RuntimeException> errors)
            throws InterruptedException {
        this.errorMapper = errors;
        thread.start();
        if (!ready.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            close();
            throw new dev.mikrodb.client.ConnectionException(transport.url(new Transport.Request("GET", path, null)),
                    new IOException("no ready event within " + timeoutMillis + " ms"), false);
        }
        if (startFailure != null) {
            close();
            throw startFailure;
        }
    }

    /** The request for the next connection: from where the last one left off. */
    private Transport.Request request() {
        long from = lastRevision;
        toSkip = 0;
        if (from >= 0 && deliveredInRevision > 0) {
            toSkip = deliveredInRevision; // the stream dropped inside a commit: take it again, minus what was seen
            from--;
        }
        return new Transport.Request("GET", from < 0 ? path : path + (path.contains("?") ? "&" : "?")
                + "fromRevision=" + from, null);
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            Transport.Request request = request();
            try {
                Transport.Stream stream = transport.openStream(request);
                if (stream.status() != 200) {
                    byte[] body = stream.body().readAllBytes();
                    RuntimeException error = errorMapper.apply(new Transport.Response(stream.status(),
                            java.util.Map.of(), body));
                    if (ready.getCount() > 0) {
                        startFailure = error;
                        ready.countDown();
                        return;
                    }
                    if (error instanceof dev.mikrodb.HistoryCompactedException compacted) {
                        end(compacted);
                        return;
                    }
                    throw new IOException(error.getMessage());
                }
                current = stream.body();
                read(stream.body());
                backoff = 100;
            } catch (IOException e) {
                if (ready.getCount() > 0) {
                    startFailure = new dev.mikrodb.client.ConnectionException(transport.url(new Transport.Request("GET", path, null)), e, false);
                    ready.countDown();
                    return;
                }
                if (!closed) {
                    LOG.log(Level.WARNING, "change stream " + transport.url(new Transport.Request("GET", path, null)) + " dropped: " + e.getMessage()
                            + "; reconnecting");
                }
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, 5_000);
        }
    }

    private void read(InputStream body) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String event = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !closed) {
            if (line.isEmpty()) {
                dispatch(event, id, data.toString());
                event = null;
                id = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
    }

    private void dispatch(String event, String id, String data) {
        if (event == null) {
            return;
        }
        switch (event) {
            case "ready" -> {
                if (lastRevision < 0 && id != null) {
                    lastRevision = Long.parseLong(id); // live from here: a reconnect resumes after it
                }
                ready.countDown();
            }
            case "progress" -> {
                long revision = id == null ? -1 : Long.parseLong(id);
                if (revision > lastRevision && toSkip == 0) {
                    lastRevision = revision;
                    deliveredInRevision = 0;
                }
            }
            case "error" -> end(new dev.mikrodb.MikroDBException("the server ended the change stream: " + data));
            default -> deliver(event, data);
        }
    }

    private void deliver(String event, String data) {
        if (data.isEmpty()) {
            return;
        }
        ChangeEvent change = ChangeEventCodec.read(data.getBytes(StandardCharsets.UTF_8));
        long revision = change.revision();
        if (toSkip > 0 && revision == lastRevision) {
            toSkip--; // delivered before the stream dropped
            return;
        }
        toSkip = 0;
        if (revision < lastRevision) {
            return; // never sent twice by a correct server; a guard all the same
        }
        if (revision > lastRevision) {
            lastRevision = revision;
            deliveredInRevision = 0;
        }
        deliveredInRevision++;
        delivering.lock();
        try {
            if (!closed) {
                listener.onChange(change);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "listener failed on " + event + ": " + e, e);
        } finally {
            delivering.unlock();
        }
    }

    private void end(dev.mikrodb.MikroDBException error) {
        LOG.log(Level.WARNING, "change stream " + path + " ends: " + error.getMessage());
        closed = true;
        try {
            listener.onError(error);
        } catch (RuntimeException ignored) {
            // the stream ends either way
        }
    }

    /** The revision through which every selected change has been delivered. */
    @Override
    public long deliveredRevision() {
        return lastRevision;
    }

    /** Always 0: a remote subscriber is never sent fewer events; the server ends a stream that falls behind. */
    @Override
    public long droppedEvents() {
        return 0;
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = current;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing to unblock the reader
            }
        }
        thread.interrupt();
        // Once close returns no event is delivered any more: wait out one being delivered now (unless the listener
        // itself is closing its subscription), so a caller that then reads its last revision reads the final one.
        delivering.lock();
        delivering.unlock();
    }
}
