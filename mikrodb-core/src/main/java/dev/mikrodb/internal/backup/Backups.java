package dev.mikrodb.internal.backup;

import dev.mikrodb.BackupInfo;
import dev.mikrodb.BackupVerificationException;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.StorageException;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.engine.BackupStager;
import dev.mikrodb.internal.engine.Database;
import dev.mikrodb.internal.engine.Names;
import dev.mikrodb.internal.storage.DiskFileLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/** Take, list, verify and restore backups (docs/operations.md); {@code MikroDB} and the server call these. */
public final class Backups {
    private static final String STAGING_PREFIX = ".backup-staging-";

    private Backups() {
    }

    /**
     * Backs {@code db} up into {@code target}: a file, or a directory to name it in. Writers keep going; the commit
     * lock is held only to rotate the WAL at the cut.
     */
    public static BackupInfo take(Database db, Path target, boolean compress, dev.mikrodb.Progress progress) {
        long started = System.nanoTime();
        long createdAt = db.options().clock().millis();
        Path file = Files.isDirectory(target) ? BackupArchive.newFileIn(target, createdAt) : target;
        if (!file.getFileName().toString().endsWith(BackupArchive.SUFFIX)) {
            throw new ValidationException("a backup file name must end in " + BackupArchive.SUFFIX + "; got " + file);
        }
        if (Files.exists(file)) {
            throw new ValidationException("backup file " + file + " exists already");
        }
        Path staging = db.directory().resolve(STAGING_PREFIX + UUID.randomUUID());
        try {
            BackupStager.Cut cut = db.stageBackup(staging);
            int[] counts = counts(cut.tables());
            BackupManifest header = new BackupManifest(BackupManifest.FORMAT, cut.revision(), cut.walSegment(),
                    createdAt, db.options().encryptionKey() != null, counts[0], counts[1], List.of());
            List<String> names = new ArrayList<>(cut.files());
            names.sort(Comparator.naturalOrder());
            BackupManifest m = BackupArchive.write(staging, names, header, compress ? Deflater.BEST_SPEED
                    : Deflater.NO_COMPRESSION, file, progress);
            return info(file, m, started);
        } catch (IOException e) {
            throw new StorageException("backup to " + file + " failed: " + e.getMessage(), e);
        } finally {
            deleteTree(staging);
        }
    }

    /** The complete backups in {@code directory}, oldest first (a {@code .partial} file is not one). */
    public static List<BackupInfo> list(Path directory) {
        List<BackupInfo> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(BackupArchive
                    .SUFFIX)).sorted()::iterator) {
                BackupManifest m = BackupArchive.manifestOnly(p);
                if (m != null) {
                    out.add(info(p, m, System.nanoTime()));
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list backups in " + directory + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(BackupInfo::createdAt));
        return out;
    }

    /**
     * Re-hashes every file of the backup and, unless it is encrypted and no key is given, opens a copy of it in a
     * temporary directory and closes it again.
     */
    public static BackupInfo verify(Path archive, String encryptionKey, dev.mikrodb.Progress progress) {
        long started = System.nanoTime();
        BackupManifest m = BackupArchive.verify(archive, progress);
        if (!m.encrypted() || encryptionKey != null) {
            Path scratch;
            try {
                scratch = Files.createTempDirectory("mikrodb-verify");
            } catch (IOException e) {
                throw new StorageException("cannot create a directory to open the backup in: " + e.getMessage(), e);
            }
            try {
                BackupArchive.extract(archive, scratch, dev.mikrodb.Progress.NONE);
                open(scratch, encryptionKey, archive);
            } finally {
                deleteTree(scratch);
            }
        }
        return info(archive, m, started);
    }

    /** Restores into {@code options}' directory, which must be empty or absent; verifies and opens it. */
    public static BackupInfo restore(Path archive, MikroOptions options, dev.mikrodb.Progress progress) {
        long started = System.nanoTime();
        Path target = options.databaseDirectory();
        boolean created = !Files.exists(target);
        try {
            if (!created) {
                try (Stream<Path> entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        throw new ValidationException("restore needs an empty directory; " + target + " is not "
                                + "(restore into a new directory, then swap it in)");
                    }
                }
            }
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new StorageException("cannot prepare " + target + ": " + e.getMessage(), e);
        }
        try {
            BackupManifest m = BackupArchive.extract(archive, target, progress);
            open(target, options.encryptionKey(), archive);
            return info(archive, m, started);
        } catch (RuntimeException e) {
            emptyDirectory(target, created);
            throw e;
        }
    }

    private static void open(Path directory, String encryptionKey, Path archive) {
        MikroOptions.Builder b = MikroOptions.builder().databaseDirectory(directory);
        if (encryptionKey != null) {
            b.encryptionKey(encryptionKey);
        }
        try (Database db = Database.open(b.build(), DiskFileLayer.INSTANCE)) {
            db.tables();
        } catch (dev.mikrodb.EncryptionKeyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackupVerificationException("backup " + archive + " does not open: " + e.getMessage(), null, e);
        }
    }

    private static int[] counts(List<String> tables) {
        Set<String> databases = new HashSet<>();
        int collections = 0;
        for (String t : tables) {
            String db = Names.databaseOf(t);
            if (!db.equals("admin")) {
                databases.add(db);
                collections++;
            }
        }
        return new int[] {databases.size(), collections};
    }

    private static BackupInfo info(Path file, BackupManifest m, long startedNanos) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        return new BackupInfo(file, size, (System.nanoTime() - startedNanos) / 1_000_000, m.databasesCount(),
                m.collectionsCount(), m.revision(), m.createdAt(), m.encrypted());
    }

    /**
     * Removes {@code entry} of a database directory if it is a staging directory a killed backup left (called at
     * open, for each entry of the one listing recovery makes).
     */
    public static void removeIfLeftoverStaging(Path entry) {
        if (entry.getFileName().toString().startsWith(STAGING_PREFIX)) {
            deleteTree(entry);
        }
    }

    private static void emptyDirectory(Path target, boolean remove) {
        try (Stream<Path> entries = Files.list(target)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                deleteTree(p);
            }
            if (remove) {
                Files.deleteIfExists(target);
            }
        } catch (IOException ignored) {
            // best effort: the error that got us here is what the caller reports
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover staging directory is removed at the next open
        }
    }
}
