package dev.mikrodb.server.internal;

/** What a route needs from its caller once auth is on (docs/security.md). */
public enum Access {
    /** No credentials: {@code /health}, {@code /api/login}. */
    OPEN,
    /** Any valid credentials: {@code /api/whoami}. */
    AUTHENTICATED,
    /** A role that reads data. */
    READ,
    /** A role that writes data. */
    WRITE,
    /** The admin role: users, keys, dumps, dropping databases. */
    ADMIN
}
