package dev.mikrodb.internal.check;

import dev.mikrodb.CheckReport;
import dev.mikrodb.CheckReport.FileCheck;
import dev.mikrodb.CheckReport.Status;
import dev.mikrodb.CorruptionException;
import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.DiskFileLayer;
import dev.mikrodb.internal.storage.MetaFile;
import dev.mikrodb.internal.storage.StoredItem;
import dev.mikrodb.internal.storage.TableFile;
import dev.mikrodb.internal.storage.TableFiles;
import dev.mikrodb.internal.storage.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads every file of a database directory and verifies it the way recovery and loading would, without changing
 * anything: the metadata (and the key), every WAL segment record by record, every table file entry by entry.
 */
public final class DatabaseCheck {
    private DatabaseCheck() {
    }

    public static CheckReport run(Path directory, String encryptionKey) {
        if (!Files.isDirectory(directory)) {
            throw new ValidationException("no database directory " + directory);
        }
        String wal = MikroOptions.DEFAULT_WAL_FILE_NAME;
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new dev.mikrodb.StorageException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        List<FileCheck> out = new ArrayList<>();
        AesGcm cipher = null;
        boolean keyMissing = false;
        Path meta = directory.resolve(MetaFile.FILE_NAME);
        try {
            if (!Files.exists(meta)) {
                // Without data the metadata was never written (a first open cut short leaves only temporary
                // files): opening creates the database, as it does in an empty directory. Beside data it is damage.
                boolean data = files.stream().anyMatch(p -> TableFiles.stemOf(p) != null
                        || isWal(p.getFileName().toString(), wal));
                out.add(data ? new FileCheck(MetaFile.FILE_NAME, Status.DAMAGED, 0, 0, "missing")
                        : new FileCheck(MetaFile.FILE_NAME, Status.SKIPPED, -1, 0, "missing: no database was "
                        + "created here yet (no table file, no WAL); opening creates one"));
            } else {
                cipher = MetaFile.openOrCreate(DiskFileLayer.INSTANCE, directory, encryptionKey, true);
                out.add(new FileCheck(MetaFile.FILE_NAME, Status.OK, -1, 0, cipher != null ? "encrypted" : ""));
            }
        } catch (EncryptionKeyException e) {
            keyMissing = true;
            out.add(new FileCheck(MetaFile.FILE_NAME, encryptionKey == null ? Status.OK : Status.DAMAGED, -1, 0,
                    e.getMessage()));
        } catch (CorruptionException e) {
            out.add(new FileCheck(MetaFile.FILE_NAME, Status.DAMAGED, e.offset(), 0, e.getMessage()));
        } catch (IOException e) {
            out.add(new FileCheck(MetaFile.FILE_NAME, Status.DAMAGED, -1, 0, "unreadable: " + e.getMessage()));
        }
        WalGaps gaps = new WalGaps();
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.equals(MetaFile.FILE_NAME)) {
                continue;
            }
            if (keyMissing && (TableFiles.stemOf(p) != null || isWal(name, wal))) {
                out.add(new FileCheck(name, Status.SKIPPED, -1, 0, "encrypted: give the encryption key to check it"));
            } else if (TableFiles.stemOf(p) != null) {
                out.add(table(p, TableFiles.stemOf(p), cipher));
            } else if (isWal(name, wal)) {
                out.add(wal(p, cipher, gaps));
            } else {
                out.add(new FileCheck(name, Status.SKIPPED, -1, 0, name.contains(".damaged-at-")
                        ? "a damaged tail recovery set aside earlier" : name.equals(
                        dev.mikrodb.internal.storage.ExpiryHints.FILE) ? "hints for the expiry sweeper, rewritten "
                        + "at each checkpoint" : "not a database file"));
            }
        }
        List<String> oldestFirst = new ArrayList<>(); // recovery's order: rotated segments by number, then wal.log
        for (Path p : dev.mikrodb.internal.storage.RotatedSegment.pathsAmong(files, wal)) {
            oldestFirst.add(p.getFileName().toString());
        }
        oldestFirst.add(wal);
        HistoryCheck.run(directory, cipher, keyMissing, gaps.mark(out, oldestFirst), out);
        boolean healthy = out.stream().noneMatch(f -> f.status() == Status.DAMAGED);
        return new CheckReport(out, healthy);
    }

    /**
     * A file listed and then gone: on a database open in another process a checkpoint replaces table files and
     * retires WAL segments. That is not damage; the file's successor, if any, was listed or is checked next time.
     */
    private static FileCheck goneWhileChecking(String name) {
        return new FileCheck(name, Status.SKIPPED, -1, 0, "removed while checking (the database is open and "
                + "checkpointed); check a closed database or a copy");
    }

    private static boolean isWal(String name, String wal) {
        return name.equals(wal) || (name.startsWith(wal + ".") && name.substring(wal.length() + 1).chars()
                .allMatch(Character::isDigit));
    }

    static FileCheck table(Path p, String stem, AesGcm cipher) {
        String name = p.getFileName().toString();
        long[] entries = {0};
        try {
            TableFile.decode(p, stem, Files.readAllBytes(p), cipher, new TableFile.Sink() {
                @Override
                public void item(StoredItem item) {
                    entries[0]++;
                }

                @Override
                public void tombstone(String key) {
                    entries[0]++;
                }
            });
            return new FileCheck(name, Status.OK, -1, entries[0], "");
        } catch (CorruptionException e) {
            return new FileCheck(name, Status.DAMAGED, e.offset(), entries[0], e.getMessage());
        } catch (EncryptionKeyException e) {
            return new FileCheck(name, Status.DAMAGED, 0, 0, e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            return goneWhileChecking(name);
        } catch (IOException e) {
            return new FileCheck(name, Status.DAMAGED, -1, 0, "unreadable: " + e.getMessage());
        }
    }

    static FileCheck wal(Path p, AesGcm cipher, WalGaps gaps) {
        String name = p.getFileName().toString();
        try {
            WalReader.Result r = WalReader.read(p, Files.readAllBytes(p), cipher, batch -> { });
            gaps.read(name, r);
            if (r.damage() == null) {
                return new FileCheck(name, Status.OK, -1, r.records(), "");
            }
            return new FileCheck(name, Status.TORN_TAIL, r.damage().offset(), r.records(), r.damage().problem()
                    + "; nothing valid follows, so recovery sets it aside as an interrupted write");
        } catch (CorruptionException e) {
            return new FileCheck(name, Status.DAMAGED, e.offset(), 0, e.getMessage());
        } catch (EncryptionKeyException e) {
            return new FileCheck(name, Status.DAMAGED, 0, 0, e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            return goneWhileChecking(name);
        } catch (IOException e) {
            return new FileCheck(name, Status.DAMAGED, -1, 0, "unreadable: " + e.getMessage());
        }
    }
}
