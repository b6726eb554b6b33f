package dev.mikrodb.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The HTTP exchange the client needs, kept small so the client's logic does not depend on the HTTP library. */
public interface Transport {
    /**
     * A request relative to the base URL; {@code body} is JSON or null; {@code authorization} replaces the client's
     * own credentials for this request (checking someone else's key or password), or null.
     */
    record Request(String method, String pathAndQuery, byte[] body, String authorization) {
        public Request(String method, String pathAndQuery, byte[] body) {
            this(method, pathAndQuery, body, null);
        }
    }

    /**
     * A complete response. Header names are matched case-insensitively: the transports key their maps by lower-case
     * name (or, {@code java.net.http}'s, match any case), which a lookup tries first.
     */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            List<String> values = headers.get(HeaderNames.lowerCase(name));
            if (values == null) {
                for (Map.Entry<String, List<String>> e : headers.entrySet()) { // a map keyed in another case
                    if (e.getKey().equalsIgnoreCase(name)) {
                        values = e.getValue();
                        break;
                    }
                }
            }
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    /** A streaming response (for Server-Sent Events). */
    record Stream(int status, InputStream body) {
    }

    Response send(Request request) throws IOException, InterruptedException;

    CompletableFuture<Response> sendAsync(Request request);

    /** Opens a long-lived response without a request timeout. */
    Stream openStream(Request request) throws IOException, InterruptedException;

    /** The absolute URL of a request, for messages. */
    String url(Request request);

    /** Releases kept-alive connections; requests in flight finish first. */
    default void close() {
    }
}
