package dev.mikrodb.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ValidationException;
import dev.mikrodb.client.RateLimitedException;
import dev.mikrodb.client.ServerErrorException;
import dev.mikrodb.client.UnauthorizedException;
import dev.mikrodb.wire.WireJson;
import java.io.IOException;
import java.time.Duration;

/**
 * What the client sends as {@code Authorization}: nothing, an API key, or the session token of a username and
 * password. A session is opened with {@code POST /api/login} on first use and opened again a minute before it
 * expires, or when the server refuses it (restarted, user changed).
 */
public abstract class Credentials {
    public static final Credentials NONE = new Credentials() {
        @Override
        String header(HttpTransport transport) {
            return null;
        }
    };

    /** The {@code Authorization} value to send, or null for none. */
    abstract String header(HttpTransport transport) throws IOException, InterruptedException;

    /** The server refused {@code sent}: whether a new header is worth one more try. */
    boolean renewAfterRefusal(String sent) {
        return false;
    }

    public static Credentials apiKey(String key) {
        if (key.isBlank()) {
            throw new ValidationException("API key is empty");
        }
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ValidationException("API key may contain only visible ASCII characters (no spaces or line "
                    + "breaks)");
        }
        String header = "Bearer " + key;
        return new Credentials() {
            @Override
            String header(HttpTransport transport) {
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
        synchronized String header(HttpTransport transport) throws IOException, InterruptedException {
            if (header == null || System.currentTimeMillis() >= expiresAt - RENEW_BEFORE_MILLIS) {
                login(transport);
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

        private void login(HttpTransport transport) throws IOException, InterruptedException {
            byte[] body = WireJson.toBytes(WireJson.object().put("username", username).put("password", password));
            Transport.Request request = new Transport.Request("POST", "/api/login", body);
            String url = transport.url(request);
            Transport.Response r = transport.exchange(request, null);
            JsonNode answer;
            try {
                answer = WireJson.parseAnswer(r.body());
            } catch (ValidationException e) {
                throw new ServerErrorException(r.status(), "login answer is not JSON", url);
            }
            String message = answer.path("error").asText("login failed");
            switch (r.status()) {
                case 200 -> {
                    header = "Bearer " + answer.get("token").asText();
                    expiresAt = answer.get("expires_at").asLong();
                }
                case 401 -> throw new UnauthorizedException(message, url);
                case 429 -> throw new RateLimitedException(message, url, r.header("Retry-After")
                        .map(s -> Duration.ofSeconds(Long.parseLong(s.trim()))).orElse(null));
                default -> throw new ServerErrorException(r.status(), message, url);
            }
        }
    }
}
