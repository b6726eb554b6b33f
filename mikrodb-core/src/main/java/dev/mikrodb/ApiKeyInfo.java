package dev.mikrodb;

import java.util.List;

/**
 * An API key as an administrator sees it: never the key itself, which is shown once, at creation.
 *
 * @param expiresAt epoch milliseconds, or 0 for never
 */
public record ApiKeyInfo(String id, String name, Role role, List<String> databases, List<String> tablePrefixes,
                         long createdAt, long expiresAt) {
    public ApiKeyInfo {
        databases = List.copyOf(databases);
        tablePrefixes = List.copyOf(tablePrefixes);
    }
}
