package dev.mikrodb.internal.query;

import dev.mikrodb.Filter;

/**
 * A filter that can also test a value as the database stores it (UTF-8 JSON bytes), answering exactly as
 * {@link #matches} does on the parsed value: scans use it so they need not build a tree per item.
 */
public interface BytesFilter extends Filter {
    /** Whether the value stored as {@code json} matches. */
    boolean matchesStored(byte[] json);
}
