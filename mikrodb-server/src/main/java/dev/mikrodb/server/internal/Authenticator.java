package dev.mikrodb.server.internal;

import dev.mikrodb.AccessControl;
import dev.mikrodb.Principal;
import dev.mikrodb.Role;
import dev.mikrodb.server.KeyDigest;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a request's credentials into a {@link Principal}: {@code Authorization: Bearer} (an API key or a session
 * token), {@code X-API-Key}, or {@code Authorization: Basic} (username:password). The configured {@code --apiKey} is
 * an admin key compared in constant time. Keys are found by their SHA-256, so a request costs one hash, never a
 * password hash: Basic credentials are checked with Argon2id once and then remembered for a minute (by a SHA-256 of
 * the header), until the user changes.
 */
final class Authenticator {
    /** What the credentials were: none, wrong, locked out (with seconds to wait), or a principal. */
    record Outcome(Principal principal, boolean presented, long retryAfterSeconds, String who) {
        static final Outcome NONE = new Outcome(null, false, 0, null);

        static Outcome wrong(String who) {
            return new Outcome(null, true, 0, who);
        }
    }

    private static final long BASIC_CACHE_MILLIS = 60_000;
    static final Principal CONFIGURED_KEY = new Principal("apiKey", "key", Role.ADMIN, List.of(), List.of(),
            "configured");

    private record Remembered(Principal principal, long until) {
    }

    private final AccessControl accessControl;
    private final KeyDigest configuredKey;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Map<String, Remembered> basic = new ConcurrentHashMap<>();

    Authenticator(AccessControl accessControl, String configuredKey, Sessions sessions, LoginThrottle throttle,
                  Clock clock) {
        this.accessControl = accessControl;
        this.configuredKey = configuredKey == null ? null : new KeyDigest(configuredKey);
        this.sessions = sessions;
        this.throttle = throttle;
        this.clock = clock;
    }

    Outcome authenticate(HttpServerExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String key = exchange.getRequestHeaders().getFirst("X-API-Key");
        if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        }
        if (key != null) {
            Principal p = bearer(key);
            return p == null ? Outcome.wrong(null) : new Outcome(p, true, 0, null);
        }
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(auth.substring(6).trim(), LoginThrottle.client(exchange));
        }
        return auth == null ? Outcome.NONE : Outcome.wrong(null);
    }

    private Principal bearer(String key) {
        if (configuredKey != null && configuredKey.matches(key)) {
            return CONFIGURED_KEY;
        }
        if (key.startsWith(Sessions.PREFIX)) {
            return sessions.find(key);
        }
        return accessControl == null ? null : accessControl.authenticateKey(key, clock.millis()).orElse(null);
    }

    private Outcome basic(String encoded, String client) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Outcome.wrong(null);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || accessControl == null) {
            return Outcome.wrong(null);
        }
        String username = decoded.substring(0, colon);
        String cacheKey = java.util.HexFormat.of().formatHex(KeyDigest.sha256(decoded));
        Remembered r = basic.get(cacheKey);
        long now = clock.millis();
        if (r != null && r.until() > now) {
            return new Outcome(r.principal(), true, 0, username);
        }
        long wait = throttle.retryAfterSeconds(username, client);
        if (wait > 0) {
            return new Outcome(null, true, wait, username);
        }
        Principal p = accessControl.authenticatePassword(username, decoded.substring(colon + 1)).orElse(null);
        if (p == null) {
            throttle.failed(username, client);
            return Outcome.wrong(username);
        }
        throttle.succeeded(username, client);
        basic.put(cacheKey, new Remembered(p, now + BASIC_CACHE_MILLIS));
        return new Outcome(p, true, 0, username);
    }

    /** Forgets every remembered password and session: the users and keys were replaced (a restore). */
    void forgetAll() {
        basic.clear();
        sessions.clear();
    }

    /** Forgets remembered passwords and ends sessions of a user whose password, role or scope changed. */
    void userChanged(String username) {
        basic.clear();
        sessions.endFor(username);
    }
}
