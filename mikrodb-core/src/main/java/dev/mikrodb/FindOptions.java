package dev.mikrodb;

/**
 * Options of {@code find}: a MongoDB sort document, how many matches to skip, at most how many to return (0: no
 * limit), and a projection (inclusion or exclusion of fields). Sort and projection take the same kinds of values as
 * filters ({@code JsonNode}, {@code Map}, JSON text); null means none.
 */
public record FindOptions(Object sort, long skip, long limit, Object projection) {
    public static final FindOptions NONE = new FindOptions(null, 0, 0, null);

    public FindOptions {
        if (skip < 0) {
            throw new ValidationException("skip must be a non-negative integer; got " + skip);
        }
        if (limit < 0) {
            throw new ValidationException("limit must be a non-negative integer; got " + limit);
        }
    }

    public FindOptions sort(Object sortSpec) {
        return new FindOptions(sortSpec, skip, limit, projection);
    }

    public FindOptions skip(long n) {
        return new FindOptions(sort, n, limit, projection);
    }

    public FindOptions limit(long n) {
        return new FindOptions(sort, skip, n, projection);
    }

    public FindOptions projection(Object spec) {
        return new FindOptions(sort, skip, limit, spec);
    }
}
