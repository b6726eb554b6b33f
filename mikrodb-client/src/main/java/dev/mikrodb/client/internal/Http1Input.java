package dev.mikrodb.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A non-blocking channel as a buffered stream: when the buffer is empty and the channel has nothing yet, a read waits
 * with the connection's {@link Waiter} (which enforces the request's deadline). Lines are cut straight out of the
 * buffer, since reading an answer's head byte by byte was a third of the client's time per request (JFR, YCSB C).
 */
final class Http1Input extends InputStream {
    /** Waits until the channel has something to read. */
    interface Waiter {
        void await() throws IOException;
    }

    private final ReadableByteChannel channel;
    private final Waiter waiter;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).flip();
    /** The line last read by {@link #nextLine}: its bytes, where it starts in them, and its length. */
    byte[] lineBytes;
    int lineStart;
    int lineLength;

    Http1Input(ReadableByteChannel channel, Waiter waiter) {
        this.channel = channel;
        this.waiter = waiter;
    }

    boolean hasBuffered() {
        return buffer.hasRemaining();
    }

    /** Reads what the channel has without waiting: the count, 0 for nothing yet, -1 at its end. */
    int fill() throws IOException {
        buffer.compact();
        try {
            return channel.read(buffer);
        } finally {
            buffer.flip();
        }
    }

    /** Makes at least one byte available; false at the end of the stream. */
    private boolean ensure() throws IOException {
        while (!buffer.hasRemaining()) {
            int n = fill();
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                waiter.await();
            }
        }
        return true;
    }

    /**
     * The next line without its CRLF (or bare LF), decoded as ISO-8859-1 like HTTP/1.1 field values; null when the
     * stream ends before any byte of it.
     *
     * @throws ProtocolException when the line is longer than {@code maxLength}
     * @throws java.io.EOFException when the stream ends inside the line
     */
    String readLine(int maxLength) throws IOException {
        if (!nextLine(maxLength)) {
            return null;
        }
        return new String(lineBytes, lineStart, lineLength, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the next line, without its CRLF (or bare LF), into {@link #lineBytes}, {@link #lineStart} and
     * {@link #lineLength}, which stay valid until the next read: most lines are a view of the buffer, so an answer's
     * head is parsed without a string per line. False when the stream ends before any byte of the line.
     *
     * @throws ProtocolException when the line is longer than {@code maxLength}
     * @throws java.io.EOFException when the stream ends inside the line
     */
    boolean nextLine(int maxLength) throws IOException {
        byte[] partial = null; // only for a line split across reads
        int partialLength = 0;
        while (true) {
            if (!ensure()) {
                if (partialLength == 0) {
                    return false;
                }
                throw new java.io.EOFException("connection closed in the middle of a line");
            }
            byte[] array = buffer.array();
            int start = buffer.position();
            int limit = buffer.limit();
            for (int i = start; i < limit; i++) {
                if (array[i] == '\n') {
                    buffer.position(i + 1);
                    if (partial == null) {
                        viewLine(array, start, i - start);
                    } else {
                        partial = append(partial, partialLength, array, start, i - start, maxLength);
                        viewLine(partial, 0, partialLength + i - start);
                    }
                    return true;
                }
            }
            partial = append(partial == null ? new byte[256] : partial, partialLength, array, start, limit - start,
                    maxLength);
            partialLength += limit - start;
            buffer.position(limit);
        }
    }

    private void viewLine(byte[] bytes, int offset, int length) {
        lineBytes = bytes;
        lineStart = offset;
        lineLength = length > 0 && bytes[offset + length - 1] == '\r' ? length - 1 : length;
    }

    private static byte[] append(byte[] to, int length, byte[] from, int offset, int count, int maxLength)
            throws ProtocolException {
        if (length + count > maxLength) {
            throw new ProtocolException("answer has a line longer than " + maxLength + " bytes");
        }
        byte[] grown = to.length >= length + count ? to : java.util.Arrays.copyOf(to, Math.max(to.length * 2,
                length + count));
        System.arraycopy(from, offset, grown, length, count);
        return grown;
    }

    @Override
    public int read() throws IOException {
        return ensure() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ensure()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }
}
