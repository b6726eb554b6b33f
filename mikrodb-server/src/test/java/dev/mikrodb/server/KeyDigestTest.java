package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The comparison's answers; its timing is KeyCheckBenchmark's (equal for every kind of near miss). */
class KeyDigestTest {
    @Test
    void onlyTheWholeKeyMatches() {
        String key = "mk_0123456789abcdefghijklmnopqrstuv";
        KeyDigest d = new KeyDigest(key);
        assertTrue(d.matches(key));
        for (String near : new String[] {"", key.substring(1), key.substring(0, key.length() - 1), key + "x",
                "X" + key.substring(1), key.substring(0, key.length() - 1) + "X", key.toUpperCase(), " " + key}) {
            assertFalse(d.matches(near), near);
        }
    }
}
