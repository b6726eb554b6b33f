package dev.mikrodb.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ValidationException;
import dev.mikrodb.client.RateLimitedException;
import dev.mikrodb.client.ServerErrorException;
import dev.mikrodb.client.UnauthorizedException;
import dev.mikrodb.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the client sends as {@code Authorization}: nothing, an API key, or the session token of a username and
 * password. A session is opened with {@code POST /api/login} on first use and opened again a minute before it
 * expires, or when the server refuses it (restarted, user changed).
 */
public abstract class Credentials {
    public static final Credentials NONE = new Credentials() {
        @Override
        String header(HttpClient http, String baseUrl, Duration timeout) {
            return null;
        }
    };

    /** The {@code Authorization} value to send, or null for none. */
    abstract String header(HttpClient http, String baseUrl, Duration timeout) throws IOException,
            InterruptedException;

    /** The server refused {@code sent}: whether a new header is worth one more try. */
    boolean renewAfterRefusal(String sent) {
        return false;
    }

    public static Credentials apiKey(String key) {
        if (key.isBlank()) {
            throw new ValidationException("API key is empty");
        }
        String header = "Bearer " + key;
        return new Credentials() {
            @Override
            String header(HttpClient http, String baseUrl, Duration timeout) {
                return header;
            }
        };
    }

    public static Credentials password(String username, String password) {
        return new Session(username, password);
    }

    private static final class Session extends Credentials {
        private static final long RENEW_BEFORE_MILLIS = 60_000;
        private final String username;
        private final String password;
        private String header;
        private long expiresAt;

        Session(String username, String password) {
            this.username = username;
            this.password = password;
        }

        @Override
        synchronized String header(HttpClient http, String baseUrl, Duration timeout) throws IOException,
                InterruptedException {
            if (header == null || System.currentTimeMillis() >= expiresAt - RENEW_BEFORE_MILLIS) {
                login(http, baseUrl, timeout);
            }
            return header;
        }

        @Override
        synchronized boolean renewAfterRefusal(String sent) {
            if (sent != null && sent.equals(header)) {
                header = null;
                return true;
            }
            return sent != null; // another thread renewed it meanwhile
        }

        private void login(HttpClient http, String baseUrl, Duration timeout) throws IOException,
                InterruptedException {
            byte[] body = WireJson.toBytes(WireJson.object().put("username", username).put("password", password));
            String url = baseUrl + "/api/login";
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (timeout != null) {
                b.timeout(timeout);
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer;
            try {
                answer = WireJson.parseAnswer(r.body());
            } catch (ValidationException e) {
                throw new ServerErrorException(r.statusCode(), "login answer is not JSON", url);
            }
            String message = answer.path("error").asText("login failed");
            switch (r.statusCode()) {
                case 200 -> {
                    header = "Bearer " + answer.get("token").asText();
                    expiresAt = answer.get("expires_at").asLong();
                }
                case 401 -> throw new UnauthorizedException(message, url);
                case 429 -> throw new RateLimitedException(message, url, r.headers().firstValue("Retry-After")
                        .map(s -> Duration.ofSeconds(Long.parseLong(s.trim()))).orElse(null));
                default -> throw new ServerErrorException(r.statusCode(), message, url);
            }
        }
    }
}
