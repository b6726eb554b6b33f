package dev.mikrodb.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP/1.1 response read off a connection: status line, headers, and a body framed by {@code Content-Length},
 * chunked encoding, or the end of the connection (RFC 9112 section 6). Anything malformed is a
 * {@link ProtocolException}, never a half-read answer.
 */
record Http1Response(int status, Map<String, List<String>> headers, byte[] body, boolean keepAlive) {
    /** Headers and a chunk-size line are bounded so that a broken server cannot make the client buffer forever. */
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    /** Bodies up to this size are read straight into an array of their size (see {@link #exactly}). */
    private static final int PLAIN_BODY = 64 * 1024;

    static Http1Response read(Http1Input in) throws IOException {
        String statusLine = line(in, true);
        int status = status(statusLine);
        Map<String, List<String>> headers = headers(in);
        while (status >= 100 && status < 200) { // informational answers precede the real one
            statusLine = line(in, false);
            status = status(statusLine);
            headers = headers(in);
        }
        boolean close = statusLine.startsWith("HTTP/1.0") ? !hasToken(headers, "connection", "keep-alive")
                : hasToken(headers, "connection", "close");
        if (status == 204 || status == 304) {
            return new Http1Response(status, headers, new byte[0], !close);
        }
        if (hasToken(headers, "transfer-encoding", "chunked")) {
            return new Http1Response(status, headers, chunked(in), !close);
        }
        List<String> length = headers.get("content-length");
        if (length != null) {
            return new Http1Response(status, headers, exactly(in, contentLength(length)), !close);
        }
        return new Http1Response(status, headers, in.readAllBytes(), false); // framed by the connection's end
    }

    /** The same answer on a connection that must not carry another request. */
    Http1Response closing() {
        return new Http1Response(status, headers, body, false);
    }

    Transport.Response toResponse() {
        return new Transport.Response(status, headers, body);
    }

    private static int status(String line) throws ProtocolException {
        // HTTP/1.1 200 OK
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: " + printable(line));
        }
        try {
            int status = Integer.parseInt(line.substring(9, 12));
            if (status < 100 || status > 599 || (line.length() > 12 && line.charAt(12) != ' ')) {
                throw new NumberFormatException();
            }
            return status;
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad status in " + printable(line));
        }
    }

    /**
     * The header fields up to the empty line, by lower-case name ({@link Transport.Response#header} finds them under
     * any case). Parsed from the bytes of each line: a string per line and three more per field were over a third of
     * the client's time per request (JFR, YCSB C).
     */
    private static Map<String, List<String>> headers(Http1Input in) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        for (int count = 0; ; count++) {
            if (!in.nextLine(MAX_LINE)) {
                throw new EOFException("connection closed in the middle of the answer");
            }
            byte[] line = in.lineBytes;
            int start = in.lineStart;
            int end = start + in.lineLength;
            if (start == end) {
                return headers;
            }
            int colon = indexOf(line, start, end, (byte) ':');
            if (colon <= start || count >= MAX_HEADERS) {
                throw new ProtocolException(colon <= start
                        ? "malformed header line: " + printable(new String(line, start, end - start,
                        StandardCharsets.ISO_8859_1))
                        : "more than " + MAX_HEADERS + " headers");
            }
            int nameStart = skipSpace(line, start, colon);
            String name = HeaderNames.of(line, nameStart, trimSpace(line, nameStart, colon));
            String value = trimmed(line, colon + 1, end);
            List<String> earlier = headers.putIfAbsent(name, List.of(value));
            if (earlier != null) { // a repeated field: rare, so the first value is not given a growable list
                List<String> all = new ArrayList<>(earlier);
                all.add(value);
                headers.put(name, all);
            }
        }
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The bytes between {@code from} and {@code to} as ISO-8859-1, without what {@link String#trim} removes. */
    private static String trimmed(byte[] bytes, int from, int to) {
        int start = skipSpace(bytes, from, to);
        return new String(bytes, start, trimSpace(bytes, start, to) - start, StandardCharsets.ISO_8859_1);
    }

    /** The first position from {@code from} on that {@link String#trim} would keep, or {@code to}. */
    private static int skipSpace(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (bytes[i] & 0xff) <= ' ') {
            i++;
        }
        return i;
    }

    /** The end of the range without the trailing bytes {@link String#trim} would remove. */
    private static int trimSpace(byte[] bytes, int from, int to) {
        int end = to;
        while (end > from && (bytes[end - 1] & 0xff) <= ' ') {
            end--;
        }
        return end;
    }

    private static boolean hasToken(Map<String, List<String>> headers, String name, String token) {
        for (String value : headers.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int contentLength(List<String> values) throws ProtocolException {
        try {
            long length = Long.parseLong(values.get(0));
            for (String other : values) {
                if (Long.parseLong(other) != length) {
                    throw new NumberFormatException();
                }
            }
            if (length < 0 || length > Integer.MAX_VALUE - 8) {
                throw new NumberFormatException();
            }
            return (int) length;
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad Content-Length " + values);
        }
    }

    /**
     * Reads exactly {@code length} bytes. A body up to {@link #PLAIN_BODY} bytes is read into an array of its size;
     * a larger one into a buffer that grows as the bytes arrive rather than one sized by the header, so a broken
     * {@code Content-Length} cannot make the client allocate gigabytes for nothing.
     */
    private static byte[] exactly(Http1Input in, int length) throws IOException {
        byte[] body;
        int read;
        if (length <= PLAIN_BODY) {
            body = new byte[length];
            read = in.readNBytes(body, 0, length);
        } else {
            body = in.readNBytes(length);
            read = body.length;
        }
        if (read < length) {
            throw new EOFException("connection closed after " + read + " of " + length + " body bytes");
        }
        return body;
    }

    private static byte[] chunked(Http1Input in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, false);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions carry nothing we use
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad chunk size: " + printable(sizeLine));
            }
            if (size < 0) {
                throw new ProtocolException("bad chunk size: " + printable(sizeLine));
            }
            if (size == 0) {
                while (!line(in, false).isEmpty()) {
                    // trailer fields: none of them matter here
                }
                return body.toByteArray();
            }
            body.write(exactly(in, size));
            if (!line(in, false).isEmpty()) {
                throw new ProtocolException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    /**
     * One CRLF-terminated line (a bare LF is accepted). {@code first} marks the status line, where a connection that
     * ends before any byte is the server closing it, reported as such.
     */
    private static String line(Http1Input in, boolean first) throws IOException {
        String line = in.readLine(MAX_LINE);
        if (line == null) {
            throw new EOFException(first ? "the server closed the connection without an answer"
                    : "connection closed in the middle of the answer");
        }
        return line;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
