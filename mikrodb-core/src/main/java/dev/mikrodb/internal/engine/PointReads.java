package dev.mikrodb.internal.engine;

import dev.mikrodb.Item;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * A get by key: the hottest read, kept short. Names are checked only when the lookup misses: a loaded table's name
 * and a stored key passed the same checks when they were written, so a hit proves both valid, and a miss throws the
 * error that checking first would have. Checking first cost a pass over the key's characters on every get, at
 * 100,000 items a dependent cache miss of its own that the map lookup does not need (the key's hash is kept in the
 * {@code String}, and the benchmark's keys compare by reference); see docs/benchmarks.md, "Twenty-second pass".
 */
final class PointReads {
    private final EngineState state;
    private final TableCache cache;
    private final Committer committer;
    private final Clock clock;
    private final Function<String, Table> findTable;

    PointReads(EngineState state, TableCache cache, Committer committer, Clock clock,
               Function<String, Table> findTable) {
        this.state = state;
        this.cache = cache;
        this.committer = committer;
        this.clock = clock;
        this.findTable = findTable;
    }

    /**
     * The hit of a loaded table stays in this short method, so that the compiler inlines it into its callers whole;
     * whatever else can happen (a table not loaded, a key not found, an expired item) is {@link #getUncommon}'s.
     */
    Optional<Item> get(String tableName, String key) {
        state.checkOpen();
        Table t = tableName == null ? null : cache.loadedTable(tableName);
        Record r = t == null || key == null ? null : t.get(key);
        if (r == null || r.expiration() != 0) { // most never expire: no clock read
            return getUncommon(t, tableName, key, r);
        }
        cache.hit(t);
        return Optional.of(r.toItem());
    }

    /** {@link #get} where the table is not loaded ({@code t} null), the key was not found or the item may expire. */
    private Optional<Item> getUncommon(Table loaded, String tableName, String key, Record found) {
        Table t = loaded;
        Record r = found;
        if (t != null) {
            cache.hit(t);
        } else {
            Names.checkStoredTableName(tableName);
            Names.checkKey(key);
            UnloadedReads.Answer fromFiles = cache.readUnloaded(tableName, key, clock.millis());
            if (fromFiles.served()) {
                return fromFiles.item();
            }
            t = findTable.apply(tableName);
            r = t == null ? null : t.get(key);
        }
        if (r == null) {
            if (loaded != null) { // (a table that was not loaded had its names checked above)
                Names.checkKey(key); // a key never stored may be invalid: say so rather than "not found"
            }
            return Optional.empty();
        }
        if (r.isExpiredAt(clock.millis())) {
            committer.expire(t, r);
            return Optional.empty();
        }
        return Optional.of(r.toItem());
    }
}
