package dev.mikrodb.internal.query;

import dev.mikrodb.Filter;
import java.util.function.Predicate;

/**
 * A filter that can also test a value as the database stores it (UTF-8 JSON bytes), answering exactly as
 * {@link #matches} does on the parsed value: scans use it so they need not build a tree per item.
 */
public interface BytesFilter extends Filter {
    /** Whether the value stored as {@code json} matches. */
    boolean matchesStored(byte[] json);

    /**
     * {@link #matchesStored} for one thread: it may keep scratch space between calls (a scan tests each of its
     * records with one), so it must not be shared between threads.
     */
    default Predicate<byte[]> storedMatcher() {
        return this::matchesStored;
    }
}
