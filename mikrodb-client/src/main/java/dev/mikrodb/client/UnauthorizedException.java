package dev.mikrodb.client;

/** 401: the API key is missing or wrong. */
public final class UnauthorizedException extends ServerErrorException {
    public UnauthorizedException(String serverMessage, String url) {
        super(401, serverMessage, url);
    }
}
