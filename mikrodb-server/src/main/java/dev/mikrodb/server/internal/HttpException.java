package dev.mikrodb.server.internal;

/** An error answered with a specific status and message (404, 413, 401, ...). */
public final class HttpException extends RuntimeException {
    private final int status;

    public HttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
