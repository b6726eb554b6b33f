package dev.mikrodb.client.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, used by one request at a time.
 *
 * <p>The channel stays in non-blocking mode and waits on its own {@link Selector}. That keeps a round trip to four
 * system calls (a read that checks the pooled connection is still open, the write, the wait, the read of the
 * answer): {@link #stillOpen()} needs a read that cannot block, and a blocking channel would have to switch modes
 * for it and again for every read with a timeout (eight {@code fcntl} calls per request, measured with strace).
 */
final class Http1Connection implements Closeable {
    /** A deadline that never passes: the request waits as long as the server takes. */
    static final long NO_DEADLINE = Long.MAX_VALUE;
    /** Requests up to this size are copied into one buffer and sent with one write. */
    private static final int ONE_WRITE_LIMIT = 64 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Http1Input in;
    /** When the request being exchanged must have its answer. */
    private long deadlineNanos;
    /** When this connection went back to the pool, for the pool's idle limit. */
    long idleSinceNanos;

    private Http1Connection(SocketChannel channel, Selector selector) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, SelectionKey.OP_READ);
        this.in = new Http1Input(channel, this::await);
    }

    /** Connects; a connect that takes longer than {@code timeoutMillis} throws {@link HttpConnectTimeoutException}. */
    static Http1Connection open(InetSocketAddress address, int timeoutMillis) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            channel.socket().connect(address, timeoutMillis);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // a request is one write: send it now
            channel.configureBlocking(false);
            selector = Selector.open();
            return new Http1Connection(channel, selector);
        } catch (SocketTimeoutException e) {
            closeQuietly(channel, selector);
            throw new HttpConnectTimeoutException("connect to " + address + " timed out after " + timeoutMillis
                    + " ms");
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, selector);
            throw e;
        }
    }

    /**
     * Whether the server still holds this connection open with nothing unread on it. A server that closed it (idle
     * timeout, restart) or a stray byte past the last answer (which would corrupt the next one) makes it unusable.
     */
    boolean stillOpen() {
        try {
            return !in.hasBuffered() && in.fill() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one request and reads its answer before {@code deadlineNanos}.
     *
     * @throws HttpTimeoutException when the deadline passes first
     * @throws InterruptedException when the calling thread was interrupted
     */
    Http1Response exchange(byte[] head, byte[] body, long deadlineNanos) throws IOException, InterruptedException {
        this.deadlineNanos = deadlineNanos;
        try {
            try {
                send(head, body);
            } catch (EarlyAnswer answered) {
                // the server answered (413 for a body too large, say) before taking the whole request; the rest of
                // the request was not sent, so the connection cannot carry another one
                return Http1Response.read(in).closing();
            } catch (IOException sendFailed) {
                // the same, when the server had already closed its side: its answer may still be waiting
                return readEarlyAnswer(sendFailed);
            }
            if (!in.hasBuffered()) {
                await(); // the answer takes the server a moment: wait for it rather than try a read first
            }
            return Http1Response.read(in);
        } catch (InterruptedIOException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for the server");
        }
    }

    private Http1Response readEarlyAnswer(IOException sendFailed) throws IOException {
        try {
            return Http1Response.read(in).closing();
        } catch (IOException noAnswer) {
            throw sendFailed;
        }
    }

    private void send(byte[] head, byte[] body) throws IOException {
        int bodyLength = body == null ? 0 : body.length;
        if (head.length + bodyLength <= ONE_WRITE_LIMIT) {
            ByteBuffer request = ByteBuffer.allocate(head.length + bodyLength).put(head);
            if (bodyLength > 0) {
                request.put(body);
            }
            send(request.flip());
        } else {
            send(ByteBuffer.wrap(head));
            send(ByteBuffer.wrap(body));
        }
    }

    /** Writes all of {@code buffer}, waiting for room in the socket when it is full. */
    private void send(ByteBuffer buffer) throws IOException {
        channel.write(buffer);
        if (!buffer.hasRemaining()) {
            return;
        }
        key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
        try {
            while (buffer.hasRemaining()) {
                await();
                if (selector.selectedKeys().contains(key) && key.isReadable()) {
                    throw new EarlyAnswer();
                }
                channel.write(buffer);
            }
        } finally {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /**
     * Waits until the channel is ready for what the key asks, or the deadline passes.
     *
     * @throws InterruptedIOException when the calling thread was interrupted
     */
    private void await() throws IOException {
        long timeout = 0;
        if (deadlineNanos != NO_DEADLINE) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException("no answer within the request timeout");
            }
            timeout = Math.max(1, left / 1_000_000);
        }
        selector.selectedKeys().clear();
        selector.select(timeout);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting for the server");
        }
    }

    @Override
    public void close() {
        closeQuietly(channel, selector);
    }

    private static void closeQuietly(SocketChannel channel, Selector selector) {
        try {
            if (selector != null) {
                selector.close();
            }
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we no longer use: nothing to recover
        }
    }

    /** The server started answering while the request was still being sent. */
    private static final class EarlyAnswer extends IOException {
        EarlyAnswer() {
            super("answered before the request was sent in full");
        }
    }
}
