package dev.mikrodb.server.internal;

import dev.mikrodb.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Session tokens from {@code POST /api/login}: random, held in memory only, valid for an hour. */
final class Sessions {
    static final long TTL_MILLIS = 3_600_000;
    static final String PREFIX = "mt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(Principal principal, long expiresAt) {
    }

    private final Map<String, Session> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A session token and when it expires (epoch milliseconds). */
    record Token(String token, long expiresAt) {
    }

    /** A new token for {@code principal}. */
    Token open(Principal principal) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long now = clock.millis();
        tokens.values().removeIf(s -> s.expiresAt() <= now); // expired sessions cost no memory for long
        long expires = now + TTL_MILLIS;
        tokens.put(token, new Session(principal, expires));
        return new Token(token, expires);
    }

    Principal find(String token) {
        Session s = tokens.get(token);
        if (s == null) {
            return null;
        }
        if (s.expiresAt() <= clock.millis()) {
            tokens.remove(token);
            return null;
        }
        return s.principal();
    }

    /** Ends every session (the users they belong to may not exist in restored data). */
    void clear() {
        tokens.clear();
    }

    /** Ends the sessions of a user whose rights changed or who was deleted. */
    void endFor(String username) {
        tokens.values().removeIf(s -> s.principal().kind().equals("user") && s.principal().name().equals(username));
    }
}
