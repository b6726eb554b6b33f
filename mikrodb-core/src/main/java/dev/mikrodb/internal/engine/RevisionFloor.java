package dev.mikrodb.internal.engine;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.RetainedSegments;
import dev.mikrodb.internal.storage.TableFile;
import dev.mikrodb.internal.storage.TableFileLookup;
import dev.mikrodb.internal.storage.TableFiles;
import dev.mikrodb.internal.storage.WalReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;

/**
 * The least revision the database has reached, read from its files other than the WAL, for the one open where the
 * WAL cannot tell: when the active segment has no header. A power cut can lose a new segment's header (a rotation
 * writes it without an fsync) after the checkpoint that rotated it has retired every older segment; taking the
 * revision from the WAL alone would then number new commits from 0 again, below the revisions items already carry,
 * and under the names of the change feed's retained segments.
 *
 * <p>Every checkpoint writes its table files at the revision of its rotation, and a rotated segment is retired only
 * after them, so the newest table file of each table, and the newest retained segment of the change feed, hold the
 * revision the lost header held (a drop as the very last commit before such a cut, with retention off, leaves only
 * the revision before it). A file that cannot be read is skipped with a warning: reading that table reports its
 * damage where it belongs.
 */
final class RevisionFloor {
    private static final System.Logger LOG = new LazyLogger("dev.mikrodb.recovery");

    private RevisionFloor() {
    }

    static long of(FileLayer files, Path directory, TableCatalog catalog, AesGcm cipher) {
        long floor = 0;
        for (String stem : catalog.names()) {
            TableFiles.Present present = catalog.present(stem);
            if (present == null) {
                continue;
            }
            if (present.base()) {
                floor = Math.max(floor, tableFileRevision(files, TableFiles.base(directory, stem), stem, cipher));
            }
            if (!present.deltas().isEmpty()) {
                Path newest = TableFiles.delta(directory, stem, present.highestDelta());
                floor = Math.max(floor, tableFileRevision(files, newest, stem, cipher));
            }
        }
        return Math.max(floor, newestRetainedRevision(files, directory.resolve(RetainedSegments.DIRECTORY), cipher));
    }

    private static long tableFileRevision(FileLayer files, Path file, String stem, AesGcm cipher) {
        try {
            try (TableFileLookup lookup = TableFileLookup.open(files, file, stem, cipher)) {
                if (lookup != null) {
                    return lookup.header().revision();
                }
            }
            // an older format, which only loads whole: rare, and only on this path
            return TableFile.decode(file, stem, files.readAll(file), cipher, new TableFile.Sink() {
                @Override
                public void item(dev.mikrodb.internal.storage.StoredItem item) {
                }

                @Override
                public void tombstone(String key) {
                }
            }).revision();
        } catch (IOException | CorruptionException e) {
            LOG.log(Level.WARNING, "the revision in " + file + " could not be read (" + e.getMessage() + "); the "
                    + "database's revision is taken from its other files");
            return 0;
        }
    }

    /** The last revision in the newest segment of {@code changes/}, or 0. */
    private static long newestRetainedRevision(FileLayer files, Path retained, AesGcm cipher) {
        Path newest = null;
        try {
            List<RetainedSegments.Segment> segments = RetainedSegments.listIn(files, retained);
            if (segments.isEmpty()) {
                return 0;
            }
            newest = segments.get(segments.size() - 1).path();
            WalReader.Result r = WalReader.read(newest, files.readAll(newest), cipher, batch -> { });
            return Math.max(r.startRevision(), r.lastRevision());
        } catch (IOException | CorruptionException e) {
            LOG.log(Level.WARNING, "the revision in " + (newest == null ? retained : newest) + " could not be read ("
                    + e.getMessage() + "); the database's revision is taken from its other files");
            return 0;
        }
    }
}
