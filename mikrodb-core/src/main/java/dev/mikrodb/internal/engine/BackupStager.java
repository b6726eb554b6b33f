package dev.mikrodb.internal.engine;

import dev.mikrodb.internal.storage.TableFiles;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixes a backup's cut point and gathers the files that hold the database as of it, without stopping writers.
 *
 * <p>The checkpoint lock is taken first, so no checkpoint runs (none writes, renames or deletes a file) until the
 * files are gathered. Under the commit lock, held only for that, the WAL is rotated: the rotated segment ends exactly
 * at the last commit, so the table files (every checkpoint finished before the cut) plus the rotated segments are the
 * committed state at the cut, no more, no less, and a batch is one WAL record, never split. Then, with writers
 * already appending to the new segment, the files are hard-linked into the staging directory (copied where links
 * are not possible); every one of them is immutable from now on, so the archive can be written from the staging
 * directory after the checkpoint lock is released. (One exception changes no record: the retire of a segment that a
 * sync log wrote zeros ahead in cuts them off, through the shared link. The archive streams each file and takes its
 * manifest's size and SHA-256 from the same read, so it holds the segment with or without them, consistently.)
 */
public final class BackupStager {
    /** What a backup holds: its revision, the files staged, and the tables (engine names) at the cut. */
    public record Cut(long revision, int walSegment, List<String> files, List<String> tables) {
    }

    private BackupStager() {
    }

    static Cut stage(DatabaseOpener.Parts parts, Path staging) throws IOException {
        Locks locks = parts.locks();
        WriteAheadLog wal = parts.wal();
        Path directory = parts.directory();
        Files.createDirectories(staging);
        locks.checkpoint.lock();
        try {
            int segment;
            long revision;
            List<String> tables;
            locks.commit.lock();
            try {
                segment = wal.rotate();
                revision = parts.committer().revision();
                tables = parts.cache().names();
            } finally {
                locks.commit.unlock();
            }
            // Files checkpoints replaced are deleted in the background: delete them now, under the checkpoint lock
            // (which keeps more from being added), so none vanishes between the listing below and its link.
            parts.checkpointer().deleteReplacedFiles();
            List<String> staged = new ArrayList<>();
            String walPrefix = parts.options().walFileName() + ".";
            for (Path p : parts.files().list(directory)) {
                String name = p.getFileName().toString();
                boolean wanted = name.equals("mikrodb.meta") || TableFiles.stemOf(p) != null
                        || (name.startsWith(walPrefix) && isNumberUpTo(name.substring(walPrefix.length()), segment));
                if (wanted && Files.isRegularFile(p)) {
                    link(p, staging.resolve(name));
                    staged.add(name);
                }
            }
            return new Cut(revision, segment, staged, tables);
        } finally {
            locks.checkpoint.unlock();
        }
    }

    private static boolean isNumberUpTo(String s, int max) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Integer.parseInt(s) <= max;
    }

    private static void link(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(source, target); // another file system, or links not supported: a copy holds the same bytes
        }
    }
}
