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
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return "the server's TLS certificate is not trusted (no trusted certification path to it); trust "
                        + "it with trustCertificates(PEM file), or --cacert FILE / MIKRODB_CACERT in the shell";
            }
            if (t instanceof java.net.ConnectException) {
                return "nothing answers there (is the server running?)";
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "the server is not answering: no reply within the client's timeout (is it running, and not "
                        + "overloaded?)";
            }
        }
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName().replaceAll("Exception$", "");
        return kind.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                + (message == null ? "" : ": " + message);
    }

    public String url() {
        return url;
    }

    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
