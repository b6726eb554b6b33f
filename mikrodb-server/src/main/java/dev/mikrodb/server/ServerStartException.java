package dev.mikrodb.server;

import dev.mikrodb.MikroDBException;

/** The server could not start listening: the port is in use, the address is not this machine's, and the like. */
public final class ServerStartException extends MikroDBException {
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
