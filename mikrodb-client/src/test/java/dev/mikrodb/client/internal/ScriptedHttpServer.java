package dev.mikrodb.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server speaking raw bytes, so a test can send exactly the framing, errors and closes it wants. Each
 * accepted connection runs {@link Script} on its own thread; every request read is recorded.
 */
final class ScriptedHttpServer implements AutoCloseable {
    interface Script {
        /** Serves one connection; its socket is closed when this returns. */
        void serve(Connection c) throws Exception;
    }

    /** One accepted connection, numbered from 0 in the order accepted. */
    final class Connection {
        final int index;
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Connection(int index, Socket socket) throws IOException {
            this.index = index;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** The next request, recorded; null when the client closed the connection instead. */
        Received read() throws IOException {
            return readRequest(index, in);
        }

        /** The next request's head alone, leaving its body unread (as a server refusing a large body does). */
        String readHeadOnly() throws IOException {
            return head(in);
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    record Received(int connection, String head, String body) {
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    final List<Received> requests = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    ScriptedHttpServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int index = connections.getAndIncrement();
                    Thread t = new Thread(() -> {
                        try (s) {
                            script.serve(new Connection(index, s));
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }, "scripted-connection-" + index);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "scripted-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    int connections() {
        return connections.get();
    }

    private Received readRequest(int connection, InputStream in) throws IOException {
        String text = head(in);
        if (text == null) {
            return null;
        }
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        Received r = new Received(connection, text, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        requests.add(r);
        return r;
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return b < 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
