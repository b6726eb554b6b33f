package dev.mikrodb;

/**
 * A write would give two items equal values in a unique index (HTTP 409). Detected before anything is written; the
 * whole write or batch is refused.
 */
public final class UniqueIndexViolationException extends MikroDBException {
    private final String index;
    private final String value;
    private final String existingKey;

    public UniqueIndexViolationException(String table, String index, String value, String existingKey,
                                         String key) {
        super("unique index '" + index + "' of table '" + table + "' already holds " + value + " (key '"
                + existingKey + "'); the write of key '" + key + "' was refused");
        this.index = index;
        this.value = value;
        this.existingKey = existingKey;
    }

    public String index() {
        return index;
    }

    /** The duplicated value, as JSON text. */
    public String value() {
        return value;
    }

    /** The key that holds the value already. */
    public String existingKey() {
        return existingKey;
    }
}
