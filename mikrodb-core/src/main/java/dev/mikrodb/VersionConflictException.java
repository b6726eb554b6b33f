package dev.mikrodb;

/**
 * A write or delete named an {@code expectedVersion} that is not the item's current version. Nothing was changed.
 * {@link #currentVersion()} is 0 when the item does not exist.
 */
public final class VersionConflictException extends MikroDBException {
    private final String tableName;
    private final String key;
    private final long expectedVersion;
    private final long currentVersion;

    public VersionConflictException(String tableName, String key, long expectedVersion, long currentVersion) {
        super("version conflict on '" + key + "' in table '" + tableName + "': expected version "
                + expectedVersion + ", current version is " + currentVersion);
        this.tableName = tableName;
        this.key = key;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    private VersionConflictException(String message, VersionConflictException from) {
        super(message);
        this.tableName = from.tableName;
        this.key = from.key;
        this.expectedVersion = from.expectedVersion;
        this.currentVersion = from.currentVersion;
    }

    /** The same conflict, its message prefixed by {@code where} (such as "operation 3: "). */
    public VersionConflictException withContext(String where) {
        return new VersionConflictException(where + getMessage(), this);
    }

    public String tableName() {
        return tableName;
    }

    public String key() {
        return key;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
