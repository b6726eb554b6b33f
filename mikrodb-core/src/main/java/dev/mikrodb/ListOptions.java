package dev.mikrodb;

/**
 * Options of a key listing: keys starting with {@code prefix}, from {@code start} (inclusive) to {@code end}
 * (exclusive), at most {@code limit} (1 to 1000, default 1000), continuing after {@code cursor}, in descending order
 * when {@code reverse}. Keys order by their UTF-8 bytes.
 */
public record ListOptions(String prefix, String start, String end, int limit, String cursor, boolean reverse) {
    public static final int MAX_LIMIT = 1000;
    public static final ListOptions ALL = new ListOptions(null, null, null, MAX_LIMIT, null, false);

    public ListOptions {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit must be 1 to " + MAX_LIMIT + "; got " + limit);
        }
    }

    public ListOptions prefix(String p) {
        return new ListOptions(p, start, end, limit, cursor, reverse);
    }

    public ListOptions range(String from, String to) {
        return new ListOptions(prefix, from, to, limit, cursor, reverse);
    }

    public ListOptions limit(int n) {
        return new ListOptions(prefix, start, end, n, cursor, reverse);
    }

    public ListOptions after(String c) {
        return new ListOptions(prefix, start, end, limit, c, reverse);
    }

    public ListOptions reversed() {
        return new ListOptions(prefix, start, end, limit, cursor, !reverse);
    }
}
