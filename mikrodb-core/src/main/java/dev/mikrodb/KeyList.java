package dev.mikrodb;

import java.util.List;

/**
 * One page of a key listing ({@link MikroStore#list}), in key order: each key with its version and expiration,
 * whether the listing is complete, and the cursor that continues it (null when complete).
 */
public record KeyList(List<Key> keys, boolean listComplete, String cursor) {
    /** A key, its version, and its expiration (epoch milliseconds, or 0 for none). */
    public record Key(String key, long version, long expiration) {
    }

    public KeyList {
        keys = List.copyOf(keys);
    }
}
