package dev.mikrodb.client.internal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, used by one request at a time.
 *
 * <p>A {@link SocketChannel} rather than a {@code Socket}, for one reason: before a pooled connection is reused,
 * {@link #stillOpen()} reads it without blocking, which tells a connection the server has closed (idle timeout,
 * restart) from a live one at the cost of two {@code fcntl} calls. Requests and responses use the channel's blocking
 * streams, whose reads honour {@code SO_TIMEOUT}.
 */
final class Http1Connection implements Closeable {
    /** A deadline that never passes: the request waits as long as the server takes. */
    static final long NO_DEADLINE = Long.MAX_VALUE;
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    /** When the request being exchanged must have its answer. */
    private long deadlineNanos;
    /** When this connection went back to the pool, for the pool's idle limit. */
    long idleSinceNanos;

    private Http1Connection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedInputStream(new BeforeDeadline(channel.socket().getInputStream()), 16 * 1024);
        this.out = channel.socket().getOutputStream();
    }

    /** Connects; a connect that takes longer than {@code timeoutMillis} throws {@link HttpConnectTimeoutException}. */
    static Http1Connection open(InetSocketAddress address, int timeoutMillis) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(address, timeoutMillis);
            channel.socket().setTcpNoDelay(true); // a request is one write; waiting for more only adds latency
            return new Http1Connection(channel);
        } catch (SocketTimeoutException e) {
            channel.close();
            throw new HttpConnectTimeoutException("connect to " + address + " timed out after " + timeoutMillis
                    + " ms");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Whether the server still holds this connection open with nothing unread on it. A server that closed it (or a
     * stray byte past the last response, which would corrupt the next one) makes it unusable.
     */
    boolean stillOpen() {
        try {
            if (in.available() > 0) {
                return false;
            }
            channel.configureBlocking(false);
            try {
                probe.clear();
                return channel.read(probe) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one request and reads its response before {@code deadlineNanos}.
     *
     * @throws HttpTimeoutException when the deadline passes first
     * @throws InterruptedException when the calling thread was interrupted (which closes the connection)
     */
    Http1Response exchange(byte[] head, byte[] body, long deadlineNanos) throws IOException, InterruptedException {
        this.deadlineNanos = deadlineNanos;
        try {
            try {
                out.write(head);
                if (body != null && body.length > 0) {
                    out.write(body);
                }
            } catch (IOException sendFailed) {
                // A server refusing a request early (413 for a body too large) answers and closes while the body is
                // still being sent; its answer, if it came, says more than the broken pipe does.
                return readEarlyAnswer(sendFailed);
            }
            return Http1Response.read(in);
        } catch (ClosedByInterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for the server");
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("no answer within the request timeout");
        }
    }

    private Http1Response readEarlyAnswer(IOException sendFailed) throws IOException {
        try {
            return Http1Response.read(in);
        } catch (IOException noAnswer) {
            throw sendFailed;
        }
    }

    /** The socket's stream with each read limited to the time left before the request's deadline. */
    private final class BeforeDeadline extends InputStream {
        private final InputStream socket;

        BeforeDeadline(InputStream socket) {
            this.socket = socket;
        }

        private void limitWait() throws IOException {
            if (deadlineNanos == NO_DEADLINE) {
                channel.socket().setSoTimeout(0);
                return;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("request deadline passed");
            }
            channel.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        }

        @Override
        public int read() throws IOException {
            limitWait();
            return socket.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            limitWait();
            return socket.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return socket.available();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we no longer use: nothing to recover
        }
    }
}
