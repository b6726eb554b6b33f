package dev.mikrodb;

import java.nio.file.Path;

/**
 * A backup archive (docs/operations.md): one ZIP file holding every table and WAL segment as of one cut point, and a
 * manifest with each file's size and SHA-256.
 *
 * @param file the archive
 * @param sizeBytes its size
 * @param durationMillis how long taking (or verifying, or restoring) it took
 * @param revision the cut point: the database revision of the last commit it holds
 * @param createdAt when it was taken, epoch milliseconds
 * @param encrypted whether the database (and so every file in the archive) is encrypted
 */
public record BackupInfo(Path file, long sizeBytes, long durationMillis, int databasesCount, int collectionsCount,
                         long revision, long createdAt, boolean encrypted) {
}
