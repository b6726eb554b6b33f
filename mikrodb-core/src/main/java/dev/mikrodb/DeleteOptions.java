package dev.mikrodb;

/**
 * Options of deletes.
 *
 * @param limit delete at most this many matching documents (null: all for deleteMany)
 * @param expectedVersion when set, every matched document must be at this version, else a
 *     {@link VersionConflictException} and nothing is deleted
 */
public record DeleteOptions(Long limit, Long expectedVersion) {
    public static final DeleteOptions NONE = new DeleteOptions(null, null);

    public DeleteOptions {
        if (limit != null && limit < 0) {
            throw new ValidationException("limit must be a non-negative integer; got " + limit);
        }
    }
}
