package dev.mikrodb.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Token-bucket arithmetic, with the clock passed in. */
class RateLimitHandlerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheRatePerClientAndSaysHowLongToWait() {
        RateLimitHandler limiter = new RateLimitHandler(exchange -> { }, 60); // one per second on average
        long now = 5 * SECOND;
        for (int i = 0; i < 60; i++) {
            assertEquals(0, limiter.acquire("10.0.0.1", now), "request " + i + " is within the burst");
        }
        long wait = limiter.acquire("10.0.0.1", now);
        assertTrue(wait > 0.99 * SECOND && wait <= SECOND, "one token refills in a second; said " + wait);
        assertEquals(0, limiter.acquire("10.0.0.2", now), "clients have separate buckets");
        assertEquals(0, limiter.acquire("10.0.0.1", now + SECOND), "a second later one more is allowed");
        assertTrue(limiter.acquire("10.0.0.1", now + SECOND) > 0);
    }
}
