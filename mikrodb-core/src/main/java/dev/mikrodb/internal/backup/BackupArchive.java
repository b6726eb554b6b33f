package dev.mikrodb.internal.backup;

import dev.mikrodb.BackupVerificationException;
import dev.mikrodb.internal.backup.BackupManifest.FileEntry;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes, verifies and extracts backup archives: a ZIP file (docs/operations.md) whose entries are the database's
 * files and, last, {@code manifest.json}. An archive is written under a {@code .partial} name, forced to disk and
 * then renamed, so a backup cut short (kill -9, full disk) is never taken for a complete one; ZIP keeps its directory
 * at the end, so a truncated archive does not even open.
 */
public final class BackupArchive {
    public static final String SUFFIX = ".zip";
    public static final String PARTIAL = ".partial";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'backup-'yyyy-MM-dd-HH-mm-ss")
            .withZone(ZoneOffset.UTC);

    private BackupArchive() {
    }

    /** {@code backup-2026-11-24-02-00-00.zip} in {@code directory}, with {@code -2}, {@code -3}... if taken. */
    public static Path newFileIn(Path directory, long createdAt) {
        String stem = NAME.format(Instant.ofEpochMilli(createdAt));
        Path p = directory.resolve(stem + SUFFIX);
        for (int i = 2; Files.exists(p) || Files.exists(p.resolveSibling(p.getFileName() + PARTIAL)); i++) {
            p = directory.resolve(stem + "-" + i + SUFFIX);
        }
        return p;
    }

    /** Writes {@code names} from {@code staging} and the manifest into {@code target}; returns the manifest. */
    public static BackupManifest write(Path staging, List<String> names, BackupManifest header, int level,
                                       Path target, dev.mikrodb.Progress progress) throws IOException {
        long total = 0;
        for (String name : names) {
            total += Files.size(staging.resolve(name));
        }
        long done = 0;
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL);
        List<FileEntry> entries = new ArrayList<>();
        BackupManifest manifest;
        try (FileOutputStream file = new FileOutputStream(partial.toFile());
             ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16))) {
            zip.setLevel(level);
            byte[] buffer = new byte[1 << 16];
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                MessageDigest sha = sha256();
                long size = 0;
                try (InputStream in = Files.newInputStream(staging.resolve(name))) {
                    for (int n; (n = in.read(buffer)) > 0; size += n) {
                        sha.update(buffer, 0, n);
                        zip.write(buffer, 0, n);
                        done += n;
                        progress.update(done, total);
                    }
                }
                zip.closeEntry();
                entries.add(new FileEntry(name, size, HexFormat.of().formatHex(sha.digest())));
            }
            manifest = new BackupManifest(BackupManifest.FORMAT, header.revision(), header.walSegment(),
                    header.createdAt(), header.encrypted(), header.databasesCount(), header.collectionsCount(),
                    entries);
            zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
            zip.write(manifest.toJson());
            zip.closeEntry();
            zip.finish();
            zip.flush();
            file.getChannel().force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(target.toAbsolutePath().getParent());
        return manifest;
    }

    /**
     * Checks every entry against the manifest (size and SHA-256, none missing, none extra) and returns the manifest;
     * throws {@link BackupVerificationException} naming the first entry that fails.
     */
    public static BackupManifest verify(Path archive, dev.mikrodb.Progress progress) {
        return readAll(archive, null, progress);
    }

    /** The manifest alone (listing backups), or null when the file is not a complete backup. */
    static BackupManifest manifestOnly(Path archive) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry e = zip.getEntry(BackupManifest.ENTRY);
            if (e == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return BackupManifest.parse(in.readAllBytes());
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Verifies while writing every entry into {@code target}; the caller deletes what was written on failure. */
    public static BackupManifest extract(Path archive, Path target, dev.mikrodb.Progress progress) {
        return readAll(archive, target, progress);
    }

    private static BackupManifest readAll(Path archive, Path target, dev.mikrodb.Progress progress) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry manifestEntry = zip.getEntry(BackupManifest.ENTRY);
            if (manifestEntry == null) {
                throw new BackupVerificationException("backup " + archive + " has no manifest.json: not a MikroDB "
                        + "backup, or an incomplete one", BackupManifest.ENTRY);
            }
            BackupManifest manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest = BackupManifest.parse(in.readAllBytes());
            }
            if (manifest == null) {
                throw new BackupVerificationException("backup " + archive + ": manifest.json is not a MikroDB backup "
                        + "manifest", BackupManifest.ENTRY);
            }
            if (manifest.format() != BackupManifest.FORMAT) {
                throw new BackupVerificationException("backup " + archive + " has format " + manifest.format()
                        + "; this build reads format " + BackupManifest.FORMAT, BackupManifest.ENTRY);
            }
            Set<String> listed = new HashSet<>();
            byte[] buffer = new byte[1 << 16];
            long total = manifest.files().stream().mapToLong(FileEntry::size).sum();
            long done = 0;
            for (FileEntry f : manifest.files()) {
                checkName(archive, f.name());
                listed.add(f.name());
                ZipEntry e = zip.getEntry(f.name());
                if (e == null) {
                    throw new BackupVerificationException("backup " + archive + " lacks " + f.name()
                            + ", which its manifest lists", f.name());
                }
                MessageDigest sha = sha256();
                long size = 0;
                try (InputStream in = zip.getInputStream(e);
                     OutputStream out = target == null ? OutputStream.nullOutputStream()
                             : Files.newOutputStream(target.resolve(f.name()), StandardOpenOption.CREATE_NEW,
                             StandardOpenOption.WRITE)) {
                    for (int n; (n = in.read(buffer)) > 0; size += n) {
                        sha.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                        done += n;
                        progress.update(done, total);
                    }
                } catch (ZipException damaged) {
                    throw new BackupVerificationException("backup " + archive + ": " + f.name() + " is damaged ("
                            + damaged.getMessage() + ")", f.name(), damaged);
                }
                if (size != f.size() || !HexFormat.of().formatHex(sha.digest()).equals(f.sha256())) {
                    throw new BackupVerificationException("backup " + archive + ": " + f.name() + " does not match "
                            + "its manifest (size or SHA-256 differs): the backup is damaged", f.name());
                }
            }
            var all = zip.entries();
            while (all.hasMoreElements()) {
                String name = all.nextElement().getName();
                if (!name.equals(BackupManifest.ENTRY) && !listed.contains(name)) {
                    throw new BackupVerificationException("backup " + archive + " holds " + name
                            + ", which its manifest does not list", name);
                }
            }
            return manifest;
        } catch (ZipException e) {
            throw new BackupVerificationException("backup " + archive + " is not a complete archive (truncated or "
                    + "damaged: " + e.getMessage() + ")", null, e);
        } catch (IOException e) {
            throw new BackupVerificationException("cannot read backup " + archive + ": " + e.getMessage(), null, e);
        }
    }

    /** Entry names are plain file names of a database directory: no path, so nothing extracts outside the target. */
    private static void checkName(Path archive, String name) {
        if (name.isEmpty() || name.startsWith(".") || !name.chars().allMatch(c -> Character.isLetterOrDigit(c)
                || c == '.' || c == '_' || c == '-' || c == '+' || c == '~')) {
            throw new BackupVerificationException("backup " + archive + " names a file '" + name + "' that is not "
                    + "a database file name", name);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }
}
