package dev.mikrodb.internal.index;

import java.util.Comparator;

/** Keys in the order of their UTF-8 bytes (code point order), the one key order of listings and indexes. */
public final class KeyOrder {
    public static final Comparator<String> UTF8 = IndexOrder::compareKeys;

    private KeyOrder() {
    }
}
