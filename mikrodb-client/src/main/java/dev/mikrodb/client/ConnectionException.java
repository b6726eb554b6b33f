package dev.mikrodb.client;

import dev.mikrodb.MikroDBException;

/**
 * The request never completed: connection refused, reset, TLS failure, or timeout. {@link #mayHaveBeenApplied()} is
 * true when a write was sent but no answer came back: it may or may not have taken effect. Read the item and compare
 * its version before writing again; never blindly repeat a write that used {@code expectedVersion}.
 */
public final class ConnectionException extends MikroDBException {
    private final String url;
    private final boolean mayHaveBeenApplied;

    public ConnectionException(String url, Throwable cause, boolean mayHaveBeenApplied) {
        super((mayHaveBeenApplied ? "no answer from " + url + " (the write may or may not have been applied): "
                : "cannot reach " + url + ": ") + describe(cause), cause);
        this.url = url;
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    public String url() {
        return url;
    }

    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
