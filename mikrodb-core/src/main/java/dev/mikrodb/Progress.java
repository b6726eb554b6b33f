package dev.mikrodb;

/**
 * Told how far a long operation (backup, verify, restore) has come: bytes done of bytes in all. Called from the
 * thread doing the work, often; implementations should be quick (a terminal progress line, a gauge).
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    void update(long done, long total);
}
