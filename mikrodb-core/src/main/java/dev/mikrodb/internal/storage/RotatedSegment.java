package dev.mikrodb.internal.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * A WAL segment its log rotated ({@code wal.log.N}), with the revision in its header and the offset its records end
 * at (zeros written ahead may follow them; -1 if unknown): what a checkpoint needs to retire it without listing the
 * directory or reading the file back.
 */
public record RotatedSegment(int number, Path path, long startRevision, long end) {
    /** The rotated segments among {@code entries}, a listing of the directory, oldest first. */
    public static List<Path> pathsAmong(List<Path> entries, String baseName) {
        return WalSegments.rotatedAmong(entries, baseName);
    }
}
