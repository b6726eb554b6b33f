package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client-address token buckets: {@code requestsPerMinute} tokens, refilled continuously. An empty bucket is
 * answered 429 with {@code Retry-After} in whole seconds.
 */
public final class RateLimitHandler implements HttpHandler {
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final int MAX_TRACKED_CLIENTS = 100_000;
    private final HttpHandler next;
    private final int perMinute;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** When idle buckets were last dropped; at most once a second, so many clients cannot make every request scan. */
    private final java.util.concurrent.atomic.AtomicLong lastCleanup = new java.util.concurrent.atomic.AtomicLong();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    public RateLimitHandler(HttpHandler next, int requestsPerMinute) {
        this.next = next;
        this.perMinute = requestsPerMinute;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String client = exchange.getSourceAddress().getAddress().getHostAddress();
        long waitNanos = acquire(client, System.nanoTime());
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            exchange.getResponseHeaders().put(new HttpString("Retry-After"), String.valueOf(seconds));
            Responses.error(exchange, 429, "rate limit of " + perMinute + " requests per minute exceeded; retry in "
                    + seconds + " s");
            return;
        }
        next.handleRequest(exchange);
    }

    /** Takes a token; returns 0, or how long until one is available. */
    long acquire(String client, long now) {
        long last = lastCleanup.get();
        if (buckets.size() > MAX_TRACKED_CLIENTS && now - last > 1_000_000_000L && lastCleanup.compareAndSet(last, now)) {
            buckets.entrySet().removeIf(e -> now - e.getValue().updated > NANOS_PER_MINUTE);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(perMinute, now));
        synchronized (bucket) {
            double refill = (now - bucket.updated) * (double) perMinute / NANOS_PER_MINUTE;
            bucket.tokens = Math.min(perMinute, bucket.tokens + refill);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) ((1 - bucket.tokens) * NANOS_PER_MINUTE / perMinute);
        }
    }
}
