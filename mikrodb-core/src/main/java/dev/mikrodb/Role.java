package dev.mikrodb;

import java.util.Locale;

/**
 * What a user or API key may do (docs/security.md). Data and administration are separate grants: {@code read_write}
 * cannot manage users, keys or backups; {@code admin} can do everything.
 */
public enum Role {
    /** Read data: gets, queries, listings, document finds, change streams. */
    READ,
    /** Write data: writes, deletes, document inserts, updates and deletes, indexes; no reads of values. */
    WRITE,
    READ_WRITE,
    /** Everything: data, and users, keys, backups, dropping databases, configuration. */
    ADMIN;

    public boolean canRead() {
        return this != WRITE;
    }

    public boolean canWrite() {
        return this != READ;
    }

    public boolean isAdmin() {
        return this == ADMIN;
    }

    /** The name used in configuration and on the wire: {@code read}, {@code write}, {@code read_write}, {@code admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        if (s != null) {
            for (Role r : values()) {
                if (r.wireName().equals(s)) {
                    return r;
                }
            }
        }
        throw new ValidationException("role must be read, write, read_write or admin; got '" + s + "'");
    }
}
