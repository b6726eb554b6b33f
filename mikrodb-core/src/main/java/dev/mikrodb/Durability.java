package dev.mikrodb;

import java.util.Locale;

/** When a write is acknowledged relative to the write-ahead log reaching disk. */
public enum Durability {
    /** fsync before acknowledging; concurrent writers share one fsync (group commit). Survives power loss. */
    SYNC,
    /** Handed to the operating system before acknowledging; fsync on the WAL interval. Survives a killed process. */
    OS,
    /** Buffered in memory; written out on the interval or after {@code maxWriteOpsBeforeFlush} writes. The seed's behaviour. */
    ASYNC;

    /** Parses {@code sync | os | async}, case-insensitively. */
    public static Durability parse(String text) {
        for (Durability d : values()) {
            if (d.name().equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        throw new ValidationException("durability must be one of sync, os, async; got '" + text + "'");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
