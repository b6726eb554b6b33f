package dev.mikrodb.internal.check;

import dev.mikrodb.CheckReport;
import dev.mikrodb.CheckReport.FileCheck;
import dev.mikrodb.CheckReport.Status;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.SalvageReport;
import dev.mikrodb.StorageException;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.engine.Database;
import dev.mikrodb.internal.storage.DiskFileLayer;
import dev.mikrodb.internal.storage.TableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Salvages what verifies into a new directory and says exactly what was left behind: damaged table files (with their
 * deltas, which only make sense on top of them), and the WAL from its first damage on. Records after a damaged
 * record are dropped even when they verify, because replaying later changes without the ones in between would build
 * a state that never existed. The source is never changed.
 */
public final class DatabaseRepair {
    private DatabaseRepair() {
    }

    public static SalvageReport salvage(Path source, Path target, String encryptionKey) {
        CheckReport report = DatabaseCheck.run(source, encryptionKey);
        FileCheck meta = report.files().stream().filter(f -> f.file().equals("mikrodb.meta")).findFirst()
                .orElseThrow();
        if (meta.status() == Status.DAMAGED) {
            throw new StorageException("cannot salvage " + source + ": its metadata is damaged (" + meta.detail()
                    + "); without it no file can be read");
        }
        try {
            if (Files.exists(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    if (s.findAny().isPresent()) {
                        throw new ValidationException("--repair needs a new or empty directory; " + target
                                + " is not");
                    }
                }
            }
            Files.createDirectories(target);
            List<String> kept = new ArrayList<>();
            List<String> lost = new ArrayList<>();
            Set<String> damagedStems = new HashSet<>();
            for (FileCheck f : report.files()) {
                String stem = TableFiles.stemOf(source.resolve(f.file()));
                if (stem != null && f.status() == Status.DAMAGED) {
                    damagedStems.add(stem);
                }
            }
            boolean walBroken = false;
            for (FileCheck f : report.files()) {
                Path from = source.resolve(f.file());
                String stem = TableFiles.stemOf(from);
                if (f.file().equals("mikrodb.meta")) {
                    Files.copy(from, target.resolve(f.file()));
                } else if (stem != null) {
                    if (damagedStems.contains(stem)) {
                        lost.add(f.file() + ": " + (f.status() == Status.DAMAGED ? "damaged at offset " + f.offset()
                                : "a file of table '" + stem + "', whose other file is damaged")
                                + "; its items survive only where the WAL rewrites them");
                    } else {
                        Files.copy(from, target.resolve(f.file()));
                        kept.add(f.file() + " (" + f.records() + " entries)");
                    }
                } else if (f.file().startsWith(MikroOptions.DEFAULT_WAL_FILE_NAME)
                        && f.status() != Status.SKIPPED) {
                    if (walBroken) {
                        lost.add(f.file() + ": every record (" + f.records() + " verified), since an earlier "
                                + "segment is damaged");
                    } else if (f.status() == Status.OK) {
                        Files.copy(from, target.resolve(f.file()));
                        kept.add(f.file() + " (" + f.records() + " records)");
                    } else {
                        copyPrefix(from, target.resolve(f.file()), f.offset());
                        kept.add(f.file() + " up to offset " + f.offset() + " (" + f.records() + " records)");
                        lost.add(f.file() + ": from offset " + f.offset() + " on (" + f.detail() + ")");
                        walBroken = f.status() == Status.DAMAGED;
                    }
                }
            }
            MikroOptions.Builder options = MikroOptions.builder().databaseDirectory(target);
            if (encryptionKey != null) {
                options.encryptionKey(encryptionKey);
            }
            long items = 0;
            try (Database db = Database.open(options.build(), DiskFileLayer.INSTANCE)) {
                for (String t : db.tables()) {
                    items += db.tableSize(t);
                }
            }
            return new SalvageReport(kept, lost, items);
        } catch (IOException e) {
            throw new StorageException("salvage into " + target + " failed: " + e.getMessage(), e);
        }
    }

    private static void copyPrefix(Path from, Path to, long bytes) throws IOException {
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            byte[] buffer = new byte[1 << 16];
            long left = Math.max(0, bytes);
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                out.write(buffer, 0, n);
            }
        }
    }
}
