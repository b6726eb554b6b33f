package dev.mikrodb.internal.engine;

import dev.mikrodb.ValidationException;
import java.nio.charset.StandardCharsets;

/** Validation of table names and keys: the only strings from users that reach file names or file contents. */
public final class Names {
    public static final int MAX_TABLE_NAME = 128;
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_DATABASE_NAME = 64;
    /** The database of every table named without one; its tables are stored under their plain names. */
    public static final String DEFAULT_DATABASE = "default";
    /**
     * Separates database and table in the engine's name for a table of another database ({@code inv~products}).
     * No table or database name may contain it, so qualified names never collide with plain ones, and no user can
     * reach another database's table by naming it.
     */
    public static final char SEPARATOR = '~';
    private static final java.util.Set<String> RESERVED_DATABASES = java.util.Set.of("admin", "config", "local");

    private Names() {
    }

    public static void checkTableName(String name) {
        if (name == null) {
            throw new ValidationException("table name is missing");
        }
        if (name.isEmpty() || name.length() > MAX_TABLE_NAME || name.equals(".") || name.equals("..")) {
            throw new ValidationException("table name '" + printable(name) + "' is invalid: it must be 1 to "
                    + MAX_TABLE_NAME + " characters and not '.' or '..'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.';
            if (!ok) {
                throw new ValidationException("table name '" + printable(name) + "' is invalid: only letters, "
                        + "digits, '_', '-' and '.' are allowed");
            }
        }
    }

    /** Database names: 1-64 letters, digits, '_' and '-', not starting with a digit, not a reserved name. */
    public static void checkDatabaseName(String name) {
        if (name == null) {
            throw new ValidationException("database name is missing");
        }
        if (name.isEmpty() || name.length() > MAX_DATABASE_NAME) {
            throw new ValidationException("database name '" + printable(name) + "' is invalid: it must be 1 to "
                    + MAX_DATABASE_NAME + " characters");
        }
        if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            throw new ValidationException("database name '" + printable(name) + "' is invalid: it must not start "
                    + "with a digit");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                throw new ValidationException("database name '" + printable(name) + "' is invalid: only letters, "
                        + "digits, '_' and '-' are allowed");
            }
        }
        if (RESERVED_DATABASES.contains(name)) {
            throw new ValidationException("database name '" + name + "' is reserved (admin, config and local are)");
        }
    }

    /** The engine's name for {@code table} of {@code database} (null or {@code default}: the plain name). */
    public static String qualify(String database, String table) {
        if (database == null || database.equals(DEFAULT_DATABASE)) {
            return table;
        }
        return database + SEPARATOR + table;
    }

    /** The database of an engine table name. */
    public static String databaseOf(String storedName) {
        int i = storedName.indexOf(SEPARATOR);
        return i < 0 ? DEFAULT_DATABASE : storedName.substring(0, i);
    }

    /** The table part of an engine table name. */
    public static String tableOf(String storedName) {
        int i = storedName.indexOf(SEPARATOR);
        return i < 0 ? storedName : storedName.substring(i + 1);
    }

    /** An engine table name: a plain table name, or {@code database~table} with both parts valid. */
    public static void checkStoredTableName(String name) {
        if (name != null) {
            int i = name.indexOf(SEPARATOR);
            if (i >= 0) {
                checkDatabaseName(name.substring(0, i));
                checkTableName(name.substring(i + 1));
                return;
            }
        }
        checkTableName(name);
    }

    public static void checkKey(String key) {
        if (key == null) {
            throw new ValidationException("key is missing");
        }
        if (key.isEmpty()) {
            throw new ValidationException("key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationException("key '" + printable(key) + "' is not valid UTF-8 text "
                        + "(unpaired surrogate at index " + i + ")");
            }
        }
        if (key.length() > MAX_KEY_BYTES / 3 && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new ValidationException("key is longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
    }

    private static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder();
        shown.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
