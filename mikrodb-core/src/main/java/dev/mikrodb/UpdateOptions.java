package dev.mikrodb;

/**
 * Options of updates and replacements.
 *
 * @param upsert insert a document built from the filter's equalities and the update when nothing matches
 * @param expectedVersion when set, every matched document must be at this version, else a
 *     {@link VersionConflictException} and nothing is written
 */
public record UpdateOptions(boolean upsert, Long expectedVersion) {
    public static final UpdateOptions NONE = new UpdateOptions(false, null);
    public static final UpdateOptions UPSERT = new UpdateOptions(true, null);

    public UpdateOptions withExpectedVersion(long version) {
        return new UpdateOptions(upsert, version);
    }
}
