package dev.mikrodb.server.internal;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login rate limiting, JoystickDB's numbers: five failures for one username from one client address within five
 * minutes lock that pair for fifteen. Pairs are independent, so one client's lock reveals nothing about another.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MILLIS = 5 * 60_000;
    static final long LOCK_MILLIS = 15 * 60_000;

    private static final class Pair {
        final Deque<Long> failures = new ArrayDeque<>();
        long lockedUntil;
    }

    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until the pair may try again, or 0 when it may now. */
    long retryAfterSeconds(String username, String client) {
        Pair p = pairs.get(username + '\u0000' + client);
        if (p == null) {
            return 0;
        }
        synchronized (p) {
            long left = p.lockedUntil - clock.millis();
            return left > 0 ? (left + 999) / 1000 : 0;
        }
    }

    /** The client address a lock applies to. */
    static String client(HttpServerExchange exchange) {
        InetSocketAddress a = exchange.getSourceAddress();
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
    }

    void failed(String username, String client) {
        if (pairs.size() > 100_000) {
            forgetIdle(); // many usernames tried: keep only the pairs that still matter
        }
        Pair p = pairs.computeIfAbsent(username + '\u0000' + client, k -> new Pair());
        long now = clock.millis();
        synchronized (p) {
            p.failures.addLast(now);
            while (!p.failures.isEmpty() && p.failures.peekFirst() <= now - WINDOW_MILLIS) {
                p.failures.removeFirst();
            }
            if (p.failures.size() >= MAX_FAILURES) {
                p.lockedUntil = now + LOCK_MILLIS;
                p.failures.clear();
            }
        }
    }

    void succeeded(String username, String client) {
        pairs.remove(username + '\u0000' + client);
    }

    private void forgetIdle() {
        long now = clock.millis();
        pairs.values().removeIf(p -> {
            synchronized (p) {
                return p.lockedUntil <= now && (p.failures.isEmpty() || p.failures.peekLast() <= now - WINDOW_MILLIS);
            }
        });
    }
}
