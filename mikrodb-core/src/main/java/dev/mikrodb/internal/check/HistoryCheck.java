package dev.mikrodb.internal.check;

import dev.mikrodb.CheckReport.FileCheck;
import dev.mikrodb.CheckReport.Status;
import dev.mikrodb.CorruptionException;
import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.DiskFileLayer;
import dev.mikrodb.internal.storage.RetainedSegments;
import dev.mikrodb.internal.storage.WalFormat;
import dev.mikrodb.internal.storage.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What check says of the change feed's history in {@code changes/} (docs/change-feed.md): recovery never reads it,
 * but a subscriber does, record by record and revision by revision. A segment whose records do not all verify, or a
 * hole in the revisions between retained segments, ends every subscriber that reads through it; both are reported
 * as damage of the segment concerned. The segments of the log itself are read with it, so a retained segment is
 * followed by the rotated segment a power cut may have left behind (it is history too until it is retired).
 */
final class HistoryCheck {
    /** One segment of the history as read: its name in the report, its result, whether it lives in changes/. */
    private record Read(String name, WalReader.Result result, boolean retained) {
        long lastCovered() {
            return Math.max(result.startRevision(), result.lastRevision());
        }
    }

    private HistoryCheck() {
    }

    /**
     * Checks every retained segment, appending to {@code out}; {@code logSegments} are the WAL segments of the
     * database directory as check read them, by name.
     */
    static void run(Path directory, AesGcm cipher, boolean keyMissing, java.util.Map<String, WalReader.Result>
            logSegments, List<FileCheck> out) {
        List<RetainedSegments.Segment> retained;
        try {
            retained = RetainedSegments.listIn(DiskFileLayer.INSTANCE, directory.resolve(RetainedSegments.DIRECTORY));
        } catch (IOException e) {
            out.add(new FileCheck(RetainedSegments.DIRECTORY, Status.DAMAGED, -1, 0, "unreadable: " + e.getMessage()));
            return;
        }
        List<Read> reads = new ArrayList<>();
        List<FileCheck> checks = new ArrayList<>();
        for (RetainedSegments.Segment s : retained) {
            String name = RetainedSegments.DIRECTORY + "/" + s.path().getFileName();
            if (keyMissing) {
                checks.add(new FileCheck(name, Status.SKIPPED, -1, 0, "encrypted: give the encryption key to check it"));
                continue;
            }
            checks.add(segment(s.path(), name, cipher, reads));
        }
        logSegments.forEach((name, result) -> {
            if (result.validEnd() >= WalFormat.HEADER_BYTES) { // an empty or headerless file holds no history
                reads.add(new Read(name, result, false));
            }
        });
        reads.sort(Comparator.comparingLong((Read r) -> r.result().startRevision()));
        for (int i = 1; i < reads.size(); i++) {
            Read before = reads.get(i - 1);
            Read after = reads.get(i);
            if (after.result().startRevision() <= before.lastCovered() || !(before.retained() || after.retained())) {
                continue; // contiguous, or two segments of the log itself, which recovery's gap rule judges
            }
            Read blamed = after.retained() ? after : before;
            String hole = "revisions " + (before.lastCovered() + 1) + " to " + after.result().startRevision()
                    + " are missing from the change feed's history between " + before.name() + " and "
                    + after.name() + ": a subscriber starting before them cannot read past them";
            for (int j = 0; j < checks.size(); j++) {
                FileCheck f = checks.get(j);
                if (f.file().equals(blamed.name()) && f.status() == Status.OK) {
                    checks.set(j, new FileCheck(f.file(), Status.DAMAGED, -1, f.records(), hole));
                }
            }
        }
        out.addAll(checks);
    }

    /** One retained segment: every record must verify, since it was forced before it was retired. */
    private static FileCheck segment(Path file, String name, AesGcm cipher, List<Read> reads) {
        try {
            WalReader.Result r = WalReader.read(file, Files.readAllBytes(file), cipher, batch -> { });
            if (r.damage() != null) {
                return new FileCheck(name, Status.DAMAGED, r.damage().offset(), r.records(), r.damage().problem()
                        + " in the change feed's history (retained segments were forced before they were "
                        + "retired, so this is damage, not an interrupted write); a subscriber reading through it "
                        + "ends there");
            }
            reads.add(new Read(name, r, true));
            return new FileCheck(name, Status.OK, -1, r.records(), "");
        } catch (CorruptionException e) {
            return new FileCheck(name, Status.DAMAGED, e.offset(), 0, e.getMessage());
        } catch (EncryptionKeyException e) {
            return new FileCheck(name, Status.DAMAGED, 0, 0, e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            return new FileCheck(name, Status.SKIPPED, -1, 0, "removed while checking (retention on a database "
                    + "that is open); check a closed database or a copy");
        } catch (IOException e) {
            return new FileCheck(name, Status.DAMAGED, -1, 0, "unreadable: " + e.getMessage());
        }
    }
}
