package dev.mikrodb.internal.check;

import dev.mikrodb.CheckReport.FileCheck;
import dev.mikrodb.CheckReport.Status;
import dev.mikrodb.internal.storage.WalGap;
import dev.mikrodb.internal.storage.WalReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What check says of WAL segments that follow a gap in the log ({@link WalGap}): recovery sets them aside, so check
 * calls them a torn tail, not damage.
 */
final class WalGaps {
    /** Each segment check read, by name. */
    private final Map<String, WalReader.Result> segments = new HashMap<>();

    void read(String name, WalReader.Result result) {
        segments.put(name, result);
    }

    /**
     * Replaces the checks of the segments after the first gap, if any ({@code oldestFirst}: recovery's order).
     * Returns the segments before it, by name, in that order: the history the log itself still holds.
     */
    Map<String, WalReader.Result> mark(List<FileCheck> out, List<String> oldestFirst) {
        List<String> names = oldestFirst.stream().filter(segments::containsKey).toList();
        int gap = WalGap.firstAfter(names.stream().map(segments::get).toList());
        List<String> after = names.subList(gap, names.size());
        for (int i = 0; i < out.size(); i++) {
            FileCheck f = out.get(i);
            if (after.contains(f.file()) && f.status() != Status.DAMAGED) {
                out.set(i, new FileCheck(f.file(), Status.TORN_TAIL, 0, f.records(), f.records() == 0
                        ? "holds only a header after a gap in the log (its revisions were lost in a power cut); "
                        + "recovery deletes it"
                        : "follows a gap in the log (records before it were lost in a power cut, and none of its "
                        + "own was durable); recovery sets it aside whole"));
            }
        }
        Map<String, WalReader.Result> before = new java.util.LinkedHashMap<>();
        for (String name : names.subList(0, gap)) {
            before.put(name, segments.get(name));
        }
        return before;
    }
}
