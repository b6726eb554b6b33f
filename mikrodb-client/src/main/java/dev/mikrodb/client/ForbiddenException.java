package dev.mikrodb.client;

/** 403: the credentials are valid, but their role or scope does not allow this request (docs/security.md). */
public final class ForbiddenException extends ServerErrorException {
    public ForbiddenException(String serverMessage, String url) {
        super(403, serverMessage, url);
    }
}
