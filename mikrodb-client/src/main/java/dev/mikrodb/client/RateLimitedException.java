package dev.mikrodb.client;

import java.time.Duration;

/** 429, after the retry policy was used up: the server asks to wait {@link #retryAfter()}. */
public final class RateLimitedException extends ServerErrorException {
    private final Duration retryAfter;

    public RateLimitedException(String serverMessage, String url, Duration retryAfter) {
        super(429, serverMessage, url);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
