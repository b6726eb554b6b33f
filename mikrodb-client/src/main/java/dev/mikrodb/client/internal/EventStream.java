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
 * each change to the listener in order, reconnecting with backoff after a drop until closed. Changes committed while
 * disconnected are not replayed.
 */
public final class EventStream implements Subscription {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.client");

    private final Transport transport;
    private final Transport.Request request;
    private final ChangeListener listener;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile InputStream current;
    private volatile RuntimeException startFailure;
    /** Turns a non-200 answer into the client's exception; set by {@link #start}. */
    private volatile Function<Transport.Response, RuntimeException> errorMapper;

    public EventStream(Transport transport, Transport.Request request, ChangeListener listener) {
        this.transport = transport;
        this.request = request;
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
            throw new dev.mikrodb.client.ConnectionException(transport.url(request),
                    new IOException("no ready event within " + timeoutMillis + " ms"), false);
        }
        if (startFailure != null) {
            close();
            throw startFailure;
        }
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
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
                    throw new IOException(error.getMessage());
                }
                current = stream.body();
                read(stream.body());
                backoff = 100;
            } catch (IOException e) {
                if (ready.getCount() > 0) {
                    startFailure = new dev.mikrodb.client.ConnectionException(transport.url(request), e, false);
                    ready.countDown();
                    return;
                }
                if (!closed) {
                    LOG.log(Level.WARNING, "change stream " + transport.url(request) + " dropped: " + e.getMessage()
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
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !closed) {
            if (line.isEmpty()) {
                dispatch(event, data.toString());
                event = null;
                data.setLength(0);
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

    private void dispatch(String event, String data) {
        if ("ready".equals(event)) {
            ready.countDown();
            return;
        }
        if (event == null || data.isEmpty()) {
            return;
        }
        try {
            listener.onChange(ChangeEventCodec.read(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "listener failed on " + event + ": " + e, e);
        }
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
    }
}
