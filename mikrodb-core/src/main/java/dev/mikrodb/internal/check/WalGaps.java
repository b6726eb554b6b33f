package dev.mikrodb.internal.check;

import dev.mikrodb.CheckReport.FileCheck;
import dev.mikrodb.CheckReport.Status;
import dev.mikrodb.internal.storage.WalFormat;
import dev.mikrodb.internal.storage.WalReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What check says of WAL segments that follow a gap in the log, as recovery sees it ({@code Recovery#firstAfterGap}):
 * a segment that starts after a revision its predecessor never reached, or that follows an emptied segment file,
 * holds records a power cut made unreachable. Recovery sets them aside, so check calls them a torn tail, not damage.
 */
final class WalGaps {
    /** Each segment read, oldest first (rotated ones by number, then the active one). */
    private final Map<String, WalReader.Result> segments = new LinkedHashMap<>();

    void read(String name, WalReader.Result result) {
        segments.put(name, result);
    }

    /** Replaces the checks of the segments after the first gap, if any. */
    void mark(List<FileCheck> out, Iterable<String> oldestFirst) {
        List<String> names = new ArrayList<>();
        for (String n : oldestFirst) {
            if (segments.containsKey(n)) {
                names.add(n);
            }
        }
        long lastRevision = -1;
        for (int i = 0; i < names.size(); i++) {
            WalReader.Result r = segments.get(names.get(i));
            boolean emptied = r.validEnd() == 0 && r.damage() == null;
            boolean gap = !emptied && lastRevision >= 0 && r.startRevision() > lastRevision;
            if (emptied || gap) {
                List<String> after = names.subList(emptied ? i + 1 : i, names.size());
                if (after.stream().anyMatch(n -> segments.get(n).records() > 0)) {
                    for (String n : after) {
                        replace(out, n, segments.get(n).records());
                    }
                    return;
                }
            }
            if (r.validEnd() >= WalFormat.HEADER_BYTES) {
                lastRevision = r.lastRevision();
            }
        }
    }

    private static void replace(List<FileCheck> out, String name, int records) {
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).file().equals(name) && out.get(i).status() != Status.DAMAGED) {
                out.set(i, new FileCheck(name, Status.TORN_TAIL, 0, records, "follows a gap in the log (records "
                        + "before it were lost in a power cut, and none of its own was durable); recovery sets it "
                        + "aside whole"));
            }
        }
    }
}
