package dev.mikrodb.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 spoken by hand over a socket, for requests no well-behaved client sends: wrong Host headers, malformed
 * bytes, chunked bodies, bodies that trickle in.
 */
final class RawHttp implements AutoCloseable {
    /** A status line and body, as read. */
    record Answer(int status, String head, String body) {
    }

    final Socket socket;
    final OutputStream out;
    final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends a complete request with a body (Content-Length) and these extra header lines. */
    Answer request(String method, String path, byte[] body, String... headerLines) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean hasHost = false;
        boolean hasType = false;
        for (String h : headerLines) {
            head.append(h).append("\r\n");
            hasHost |= h.regionMatches(true, 0, "Host:", 0, 5);
            hasType |= h.regionMatches(true, 0, "Content-Type:", 0, 13);
        }
        if (!hasHost) {
            head.append("Host: 127.0.0.1\r\n");
        }
        if (body != null) {
            if (!hasType) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return read();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads one response: status line, headers, and a Content-Length or chunked body (or to the end of stream). */
    Answer read() throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (headBytes.size() == 0) {
                    return new Answer(-1, "", "");
                }
                break;
            }
            headBytes.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String head = headBytes.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int cl = lower.indexOf("content-length:");
        if (cl >= 0) {
            int length = Integer.parseInt(lower.substring(cl + 15, lower.indexOf('\r', cl)).trim());
            body.write(in.readNBytes(length));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                StringBuilder size = new StringBuilder();
                int b;
                while ((b = in.read()) != '\n' && b >= 0) {
                    if (b != '\r') {
                        size.append((char) b);
                    }
                }
                int n = Integer.parseInt(size.toString().trim(), 16);
                if (n == 0) {
                    in.readNBytes(2);
                    break;
                }
                body.write(in.readNBytes(n));
                in.readNBytes(2);
            }
        }
        return new Answer(status, head, body.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
