package dev.mikrodb.client;

/** 413: the request body is over the server's limit ({@code server.maxBodyBytes}). */
public final class RequestTooLargeException extends ServerErrorException {
    public RequestTooLargeException(String serverMessage, String url) {
        super(413, serverMessage, url);
    }
}
