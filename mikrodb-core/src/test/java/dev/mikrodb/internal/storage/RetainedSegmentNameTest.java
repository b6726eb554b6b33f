package dev.mikrodb.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Retained segments keep the names earlier builds gave them (with {@code String.format("%019d")}). */
class RetainedSegmentNameTest {
    @Test
    void namesAreNineteenZeroPaddedDigitsAsBefore() {
        for (long start : new long[] {0, 7, 494, 1_000_000_007L, 999_999_999_999_999_999L, Long.MAX_VALUE}) {
            assertEquals(String.format("%019d.wal", start), RetainedSegments.name(start));
        }
        assertEquals("0000000000000000494.wal", RetainedSegments.name(494));
    }
}
