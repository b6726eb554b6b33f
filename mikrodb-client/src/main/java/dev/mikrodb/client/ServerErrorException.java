package dev.mikrodb.client;

import dev.mikrodb.MikroDBException;

/**
 * The server answered with an error that has no closer equivalent in core's exceptions: 5xx, or a status such as 404
 * on an endpoint that should exist. {@link #status()} and {@link #serverMessage()} are the server's.
 */
public class ServerErrorException extends MikroDBException {
    private final int status;
    private final String serverMessage;

    public ServerErrorException(int status, String serverMessage, String url) {
        super("server answered " + status + " for " + url + ": " + serverMessage);
        this.status = status;
        this.serverMessage = serverMessage;
    }

    public int status() {
        return status;
    }

    public String serverMessage() {
        return serverMessage;
    }
}
