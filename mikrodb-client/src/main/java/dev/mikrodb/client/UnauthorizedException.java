package dev.mikrodb.client;

/** 401: credentials are missing or not valid (wrong, expired or revoked key, ended session, wrong password). */
public final class UnauthorizedException extends ServerErrorException {
    public UnauthorizedException(String serverMessage, String url) {
        super(401, serverMessage, url);
    }
}
