package dev.mikrodb.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keys a table's deltas hold: kept within their limit, forgotten past it, known again after a scanning merge. */
class DeltaKeysTest {
    private static List<Record> records(int from, int to) {
        List<Record> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Record("k" + i, "1".getBytes(StandardCharsets.UTF_8), 1, 1, 0, i + 1, i + 1));
        }
        return out;
    }

    @Test
    void keysAreKeptWithinTheLimitAndForgottenPastIt() {
        DeltaKeys keys = new DeltaKeys();
        keys.adding(Set.of("a", "b"), records(0, 3), 100);
        assertTrue(keys.known());
        assertEquals(Set.of("a", "b", "k0", "k1", "k2"), keys.keys());
        assertEquals(5 * DeltaKeys.KEY_BYTES, keys.bytes());
        // A table of 100,000 items keeps at most 25,000 keys: an ingest-sized delta forgets them all, adding none.
        keys.adding(Set.of(), records(0, 30_000), 100_000);
        assertFalse(keys.known());
        assertEquals(0, keys.bytes());
        keys.adding(Set.of("c"), List.of(), 100_000);
        assertFalse(keys.known(), "unknown keys stay unknown until a merge or a base");
        assertEquals(Set.of(), keys.keys());
    }

    @Test
    void aScanningMergeOrABaseMakesThemKnownAgain() {
        DeltaKeys keys = new DeltaKeys();
        keys.forget();
        keys.replacedBy(records(0, 10), 100);
        assertTrue(keys.known());
        assertEquals(10, keys.keys().size());
        keys.replacedBy(records(0, 20_000), 1_000);
        assertFalse(keys.known(), "a merge past the limit (16,384 for a small table) leaves them unknown");
        keys.none();
        assertTrue(keys.known());
        assertEquals(Set.of(), keys.keys());
    }
}
