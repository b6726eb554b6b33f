package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a JSON request body, refusing (413) more than the configured limit before reading it all. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static JsonNode readJson(HttpServerExchange exchange, long maxBytes) throws IOException {
        String length = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            } catch (NumberFormatException e) {
                throw new HttpException(400, "Content-Length is not a number");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream in = exchange.getInputStream();
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        if (out.size() == 0) {
            throw new HttpException(400, "request body is empty; expected JSON");
        }
        return WireJson.parse(out.toByteArray(), "request body");
    }

    private static HttpException tooLarge(long maxBytes) {
        return new HttpException(413, "request body is larger than the limit of " + maxBytes + " bytes");
    }
}
