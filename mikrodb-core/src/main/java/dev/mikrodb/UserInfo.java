package dev.mikrodb;

import java.util.List;

/** A user as an administrator sees it: never its password or hash. */
public record UserInfo(String username, Role role, List<String> databases, long createdAt) {
    public UserInfo {
        databases = List.copyOf(databases);
    }
}
