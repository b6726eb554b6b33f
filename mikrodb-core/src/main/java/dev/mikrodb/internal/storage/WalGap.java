package dev.mikrodb.internal.storage;

import java.util.List;

/**
 * Where the WAL's segments stop following each other. Each segment's header holds the revision it starts after,
 * and the segment before it ends at that revision: one that ends earlier, or that is an empty file, lost its last
 * records (or all of them) in a power cut while a later segment's pages reached the disk (os durability: nothing
 * had forced them). The log forces every earlier segment before a later one ({@link WriteAheadLog}), so no record
 * after such a gap was durable, and none was acknowledged as durable; replaying them would build a state that never
 * was. Recovery sets them aside (strict mode refuses) and {@code check} reports them as a torn tail; segments after
 * a gap that hold only a header are deleted.
 */
public final class WalGap {
    private WalGap() {
    }

    /**
     * The index of the first segment after a gap, or {@code segments.size()} when there is none. Records after it
     * are set aside; a segment after it that holds only a header names, in that header, revisions lost in the gap,
     * which must not count as reached (the change feed's history would keep a hole there for ever): it is deleted.
     *
     * @param segments each segment as {@link WalReader} read it, oldest first (rotated ones by number, then the active)
     */
    public static int firstAfter(List<WalReader.Result> segments) {
        long lastRevision = -1;
        for (int i = 0; i < segments.size(); i++) {
            WalReader.Result r = segments.get(i);
            boolean emptied = r.validEnd() == 0 && r.damage() == null; // an empty file (WalReader)
            if (emptied && i + 1 < segments.size()) {
                return i + 1;
            }
            if (!emptied && lastRevision >= 0 && r.startRevision() > lastRevision) {
                return i;
            }
            if (r.validEnd() >= WalFormat.HEADER_BYTES) {
                lastRevision = r.lastRevision();
            }
        }
        return segments.size();
    }

    /** Whether {@code segments} from {@code from} on hold any record (what strict recovery refuses after a gap). */
    public static boolean recordsFrom(List<WalReader.Result> segments, int from) {
        return segments.subList(from, segments.size()).stream().anyMatch(r -> r.records() > 0);
    }
}
