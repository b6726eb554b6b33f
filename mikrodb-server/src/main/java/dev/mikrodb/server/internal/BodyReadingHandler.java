package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Methods;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioExecutor;

/**
 * Reads a request's whole body on the IO thread, without blocking, before the request is dispatched to a worker:
 * a client that trickles its body holds no worker thread, so sixteen slow clients cannot stall everyone else. The
 * body must arrive within {@code timeoutMillis} (408 and the connection is closed otherwise) and within the size
 * limit, whether announced by Content-Length or not (413, chunked bodies included).
 */
public final class BodyReadingHandler implements HttpHandler {
    private static final AttachmentKey<byte[]> BODY = AttachmentKey.create(byte[].class);
    private static final byte[] EMPTY = new byte[0];

    private final HttpHandler next;
    private final long maxBytes;
    private final long timeoutMillis;

    public BodyReadingHandler(HttpHandler next, long maxBytes, long timeoutMillis) {
        this.next = next;
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
    }

    /** The body read before dispatch; empty when the request had none. */
    public static byte[] body(HttpServerExchange exchange) {
        byte[] body = exchange.getAttachment(BODY);
        return body == null ? EMPTY : body;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getRequestMethod().equals(Methods.POST) && !exchange.getRequestMethod().equals(Methods.PUT)) {
            next.handleRequest(exchange);
            return;
        }
        if (exchange.getRequestContentLength() > maxBytes) {
            Responses.error(exchange, 413, tooLarge());
            return;
        }
        AtomicBoolean finished = new AtomicBoolean();
        Timeout timeout = new Timeout();
        BodyReader.read(exchange, maxBytes, new BodyReader.Done() {
            @Override
            public void read(HttpServerExchange ex, byte[] bytes) {
                if (finished.compareAndSet(false, true)) {
                    timeout.cancel();
                    ex.putAttachment(BODY, bytes);
                    try {
                        next.handleRequest(ex);
                    } catch (Exception e) {
                        ErrorMappingHandler.answer(ex, e, false);
                    }
                }
            }

            @Override
            public void failed(HttpServerExchange ex, IOException failure, boolean tooLarge) {
                if (finished.compareAndSet(false, true)) {
                    timeout.cancel();
                    ex.setPersistent(false);
                    if (tooLarge) {
                        Responses.error(ex, 413, tooLarge());
                    } else {
                        Responses.error(ex, 400, "the request body could not be read: " + failure.getMessage());
                    }
                }
            }
        });
        // A body that came with its headers (nearly every one) was handled inside BodyReader.read: the timer starts
        // only for one still on its way. Setting and cancelling one per request was 2-3% of an IO thread's samples.
        if (!finished.get()) {
            timeout.start(exchange, finished);
        }
    }

    /** The timer of a body still arriving; a callback on another thread may cancel it before it is set. */
    private final class Timeout {
        private volatile XnioExecutor.Key timer;

        void start(HttpServerExchange exchange, AtomicBoolean finished) {
            timer = exchange.getIoThread().executeAfter(() -> {
                if (finished.compareAndSet(false, true)) {
                    Responses.error(exchange, 408, "the request body did not arrive within " + timeoutMillis + " ms");
                    exchange.setPersistent(false);
                    try {
                        exchange.getConnection().close();
                    } catch (IOException ignored) {
                        // the connection is going away either way
                    }
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            if (finished.get()) {
                cancel(); // the body arrived on another thread meanwhile
            }
        }

        void cancel() {
            XnioExecutor.Key set = timer;
            if (set != null) {
                set.remove();
            }
        }
    }

    private String tooLarge() {
        return "request body is larger than the limit of " + maxBytes + " bytes";
    }
}
