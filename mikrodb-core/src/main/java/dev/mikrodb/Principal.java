package dev.mikrodb;

import java.util.List;

/**
 * Who a request acts for, once authenticated: a user (by password or session token) or an API key, with the role
 * and scope granted.
 *
 * @param name the username, or the API key's name
 * @param kind {@code user} or {@code key}
 * @param databases the databases the grant covers; empty for all
 * @param tablePrefixes (keys only) the table-name prefixes the grant covers; empty for all
 * @param id the API key's id, or null for a user
 */
public record Principal(String name, String kind, Role role, List<String> databases, List<String> tablePrefixes,
                        String id) {
    public Principal {
        databases = List.copyOf(databases);
        tablePrefixes = List.copyOf(tablePrefixes);
    }

    /** Whether the grant covers database {@code db} and table {@code table} (either may be null: not named). */
    public boolean covers(String db, String table) {
        if (!databases.isEmpty() && !databases.contains(db == null ? "default" : db)) {
            return false;
        }
        if (tablePrefixes.isEmpty() || table == null) {
            return true;
        }
        for (String p : tablePrefixes) {
            if (table.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
