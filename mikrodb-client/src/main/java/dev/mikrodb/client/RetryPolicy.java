package dev.mikrodb.client;

import dev.mikrodb.ValidationException;
import java.time.Duration;

/**
 * How often and how patiently to retry. Retried: any request the server provably did not process (connection refused,
 * connect timeout, 429, 503), and reads and idempotent calls after any I/O failure. Never retried: a write after it
 * may have reached the server. Backoff is exponential with full jitter, capped, and never shorter than the server's
 * {@code Retry-After}; when that asks for longer than the request timeout, the client does not wait but throws
 * ({@link RateLimitedException#retryAfter()} says how long).
 *
 * @param maxAttempts total attempts, at least 1 (1 = no retries)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new ValidationException("maxAttempts must be at least 1; got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ValidationException("backoffs must satisfy 0 <= initial <= max");
        }
    }

    /** 4 attempts, 100 ms doubling up to 5 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** The pause before attempt {@code attempt + 1}, given the attempt that just failed (1-based). */
    Duration backoff(int attempt, Duration retryAfter, java.util.Random random) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        long pause = cap <= 0 ? 0 : random.nextLong(cap + 1);
        return Duration.ofMillis(Math.max(pause, retryAfter == null ? 0 : retryAfter.toMillis()));
    }
}
