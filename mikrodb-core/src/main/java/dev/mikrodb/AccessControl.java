package dev.mikrodb;

import java.util.List;
import java.util.Optional;

/**
 * Users and API keys of a database (docs/security.md), kept in its reserved {@code admin} database: written through
 * the WAL, encrypted when the database is, unreachable through any data route. Passwords are stored as Argon2id
 * hashes, keys as SHA-256 hashes of 256 random bits; neither is ever returned or logged. Obtained from
 * {@link MikroDB#accessControl()}; the server enforces it on every route when auth is on.
 */
public interface AccessControl {
    /** Whether no user and no key exists yet: the state in which a server with auth bootstraps an admin key. */
    boolean isEmpty();

    /** Creates a user; the name must be new. Passwords need at least 8 characters. */
    UserInfo createUser(String username, String password, Role role, List<String> databases);

    Optional<UserInfo> user(String username);

    List<UserInfo> users();

    /**
     * Changes what is given (null: unchanged) and returns the names of the fields changed ({@code password},
     * {@code role}, {@code databases}).
     */
    List<String> updateUser(String username, String password, Role role, List<String> databases);

    boolean deleteUser(String username);

    /** The user, when the password is right; empty otherwise (with no hint of whether the user exists). */
    Optional<Principal> authenticatePassword(String username, String password);

    /**
     * Creates a key. {@code expiresAt}: epoch milliseconds, or 0 for never.
     *
     * @return the key's id and the key, which is not stored and cannot be shown again
     */
    NewApiKey createKey(String name, Role role, List<String> databases, List<String> tablePrefixes, long expiresAt);

    List<ApiKeyInfo> keys();

    boolean revokeKey(String id);

    /** The key's grant, when the key is known, unrevoked and unexpired at {@code now}. */
    Optional<Principal> authenticateKey(String key, long now);
}
