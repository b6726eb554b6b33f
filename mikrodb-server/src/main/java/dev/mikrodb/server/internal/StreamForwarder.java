package dev.mikrodb.server.internal;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.MikroDBException;
import dev.mikrodb.Subscription;
import dev.mikrodb.wire.ChangeEventCodec;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands one subscription's events to its SSE connection, and ends a stream whose client has stopped reading:
 * Undertow queues unsent events without limit, so a stuck client would otherwise cost memory without bound. The
 * client resumes from its last revision when it is ready; nothing is lost, since the feed is durable.
 */
final class StreamForwarder implements ChangeListener, ServerSentEventConnection.EventCallback {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.server");
    /** Events handed to Undertow and not yet written to the socket, at most. */
    static final int MAX_UNSENT_EVENTS = 1_000;
    /** Bytes of such events, at most (beyond the one event always allowed, however large). */
    static final long MAX_UNSENT_BYTES = 1L << 20;
    /** How long events wait for the stream to start before the subscription gives up. */
    private static final long ATTACH_TIMEOUT_SECONDS = 30;

    private final String uri;
    private final CountDownLatch attached = new CountDownLatch(1);
    private final AtomicInteger unsentEvents = new AtomicInteger();
    private final AtomicLong unsentBytes = new AtomicLong();
    private volatile ServerSentEventConnection connection;
    private volatile Subscription subscription;
    private volatile long lastSentMillis = System.currentTimeMillis();

    StreamForwarder(String uri) {
        this.uri = uri;
    }

    /** The stream has started (its {@code ready} event is queued first): events may flow. */
    void attach(ServerSentEventConnection c, Subscription s) {
        this.connection = c;
        this.subscription = s;
        attached.countDown();
    }

    ServerSentEventConnection connection() {
        return connection;
    }

    @Override
    public void onChange(ChangeEvent event) throws InterruptedException {
        if (!attached.await(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            return; // the stream never started; the exchange's end closes the subscription
        }
        ServerSentEventConnection c = connection;
        if (!c.isOpen()) {
            return;
        }
        String data = ChangeEventCodec.toText(event);
        int events = unsentEvents.incrementAndGet();
        long bytes = unsentBytes.addAndGet(data.length());
        if (events > 1 && (events > MAX_UNSENT_EVENTS || bytes > MAX_UNSENT_BYTES)) {
            LOG.log(Level.WARNING, "ending a change stream (" + uri + "): the client is not reading (" + (events - 1)
                    + " events, " + (bytes - data.length()) + " bytes unsent); it can resume from its last event id");
            ChangeStreamHandler.closeQuietly(c);
            return;
        }
        lastSentMillis = System.currentTimeMillis();
        c.send(data, event.operation(), String.valueOf(event.revision()), this);
    }

    @Override
    public void onError(MikroDBException error) {
        ServerSentEventConnection c = connection;
        if (c != null && c.isOpen()) {
            c.send(dev.mikrodb.wire.WireJson.object().put("error", error.getMessage()).toString(), "error", null, null);
            ChangeStreamHandler.closeQuietly(c);
        }
    }

    /** Sends {@code progress} with the revision the subscription has delivered through, if nothing went since. */
    void progressIfIdleSince(long since) {
        ServerSentEventConnection c = connection;
        Subscription s = subscription;
        if (c == null || s == null || !c.isOpen() || lastSentMillis > since || unsentEvents.get() > 0) {
            return;
        }
        long revision = s.deliveredRevision();
        lastSentMillis = System.currentTimeMillis();
        unsentEvents.incrementAndGet();
        String data = "{\"revision\":" + revision + "}";
        unsentBytes.addAndGet(data.length());
        c.send(data, "progress", String.valueOf(revision), this);
    }

    @Override
    public void done(ServerSentEventConnection c, String data, String event, String id) {
        sent(data);
    }

    @Override
    public void failed(ServerSentEventConnection c, String data, String event, String id, IOException e) {
        sent(data);
    }

    private void sent(String data) {
        unsentEvents.decrementAndGet();
        unsentBytes.addAndGet(-data.length());
    }
}
