package dev.mikrodb.server.internal;

import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request's whole body off its channel without blocking, straight into the array it is returned in: one of
 * the body's size when its length was announced, a growing one otherwise. Undertow's own receiver
 * ({@code receiveFullBytes}) copies a body into a {@code ByteArrayOutputStream} one byte at a time, each a
 * synchronized call: 12% of an IO thread's samples under remote YCSB C, more for a write's larger body.
 *
 * <p>What has arrived is read at once, and {@link Done} called in line when that is all of it (nearly always: a small
 * body comes with its headers). Otherwise the reader waits on the channel and calls {@link Done} through
 * {@link Connectors#executeRootHandler}, as Undertow's receiver does from its listener. A body past
 * {@code maxBytes} (sent chunked, or longer than announced) fails as too large; the caller bounds an announced length
 * before reading and keeps the time limit.
 */
final class BodyReader implements ChannelListener<StreamSourceChannel> {
    /** What becomes of the body; called once, on the IO thread. */
    interface Done {
        void read(HttpServerExchange exchange, byte[] body);

        /**
         * {@code tooLarge}: past the size limit (this reader's, or the entity-size limit Undertow's connection applies
         * while reading), rather than a failed read.
         */
        void failed(HttpServerExchange exchange, IOException failure, boolean tooLarge);
    }

    private static final byte[] EMPTY = new byte[0];
    /** The first array for a body of unannounced length; it doubles as needed. */
    private static final int FIRST_CAPACITY = 512;

    private final HttpServerExchange exchange;
    private final StreamSourceChannel channel;
    private final long maxBytes;
    private final boolean announced;
    private final Done done;
    private byte[] body;
    private int length;
    private boolean finished;

    private BodyReader(HttpServerExchange exchange, StreamSourceChannel channel, long maxBytes, Done done) {
        this.exchange = exchange;
        this.channel = channel;
        this.maxBytes = maxBytes;
        this.done = done;
        long declared = exchange.getRequestContentLength();
        this.announced = declared >= 0 && declared <= maxBytes;
        this.body = announced ? new byte[(int) declared] : new byte[(int) Math.min(FIRST_CAPACITY, maxBytes + 1)];
    }

    /** Reads the exchange's body, of at most {@code maxBytes} (an array's limit at most). */
    static void read(HttpServerExchange exchange, long maxBytes, Done done) {
        long limit = Math.min(maxBytes, Integer.MAX_VALUE - 9); // room for the one byte past it that shows it
        if (exchange.isRequestComplete()) {
            done.read(exchange, EMPTY);
            return;
        }
        StreamSourceChannel channel = exchange.getRequestChannel();
        if (channel == null) {
            done.failed(exchange, new IOException("the request body was already read"), false);
            return;
        }
        new BodyReader(exchange, channel, limit, done).readArrived(false);
    }

    @Override
    public void handleEvent(StreamSourceChannel ignored) {
        readArrived(true);
    }

    /** Reads what has arrived; finishes at the body's end, waits on the channel for more otherwise. */
    private void readArrived(boolean fromListener) {
        if (finished) {
            return;
        }
        try {
            while (true) {
                // An announced body read whole is followed by a read into one spare byte: -1 there is its end. (A read
                // into no room at all answers 0 over HTTP/2, so it cannot show the end.)
                boolean past = announced && length == body.length;
                ByteBuffer into = past ? ByteBuffer.allocate(1) : space();
                int n = channel.read(into);
                if (n < 0) {
                    byte[] whole = length == body.length ? body : Arrays.copyOf(body, length);
                    finish(fromListener, exchange -> done.read(exchange, whole));
                    return;
                }
                if (n == 0) {
                    if (!fromListener) {
                        channel.getReadSetter().set(this);
                        channel.resumeReads();
                    }
                    return;
                }
                if (past) { // more than announced: kept, so the size limit below decides
                    body = Arrays.copyOf(body, (int) Math.min(body.length + (long) FIRST_CAPACITY, maxBytes + 1));
                    body[length] = into.get(0);
                }
                length += n;
                if (length > maxBytes) {
                    IOException tooLarge = new RequestTooBigException();
                    finish(fromListener, exchange -> done.failed(exchange, tooLarge, true));
                    return;
                }
            }
        } catch (IOException e) {
            finish(fromListener, exchange -> done.failed(exchange, e, isTooBig(e)));
        }
    }

    /** Where the next read goes: the rest of the array, grown when it is full. */
    private ByteBuffer space() {
        if (length == body.length) {
            body = Arrays.copyOf(body, (int) Math.min(Math.max(body.length * 2L, FIRST_CAPACITY), maxBytes + 1));
        }
        return ByteBuffer.wrap(body, length, body.length - length);
    }

    /** Hands the outcome on: in line, or from the listener as a root handler (as Undertow's receiver does). */
    private void finish(boolean fromListener, Consumer<HttpServerExchange> then) {
        finished = true;
        if (!fromListener) {
            then.accept(exchange);
            return;
        }
        channel.suspendReads();
        channel.getReadSetter().set(null);
        Connectors.executeRootHandler(then::accept, exchange);
    }

    /** Undertow's own entity-size limit on the connection fails a read with {@link RequestTooBigException}. */
    private static boolean isTooBig(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RequestTooBigException) {
                return true;
            }
        }
        return false;
    }
}
