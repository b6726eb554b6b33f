package dev.mikrodb.internal.storage;

import java.util.List;

/**
 * Where the WAL's segments stop following each other. Each segment's header holds the revision it starts after,
 * and the segment before it ends at that revision: one that ends earlier, or that is an empty file, lost its last
 * records (or all of them) in a power cut while a later segment's pages reached the disk (os durability: nothing
 * had forced them). The log forces every earlier segment before a later one ({@link WriteAheadLog}), so no record
 * after such a gap was durable, and none was acknowledged as durable; replaying them would build a state that never
 * was. Recovery sets them aside (strict mode refuses) and {@code check} reports them as a torn tail.
 */
public final class WalGap {
    private WalGap() {
    }

    /**
     * The index of the first segment after a gap that records follow, or {@code segments.size()} when there is none.
     *
     * @param segments each segment as {@link WalReader} read it, oldest first (rotated ones by number, then the active)
     */
    public static int firstAfter(List<WalReader.Result> segments) {
        return firstAfter(segments, true);
    }

    /**
     * The index of the first segment after a gap, whether records follow it or not. Segments between this and
     * {@link #firstAfter(List)} hold only headers; their start revisions name revisions lost in the gap, which must
     * not count as reached (the change feed's history would keep a hole there for ever).
     */
    public static int firstAfterEvenWithoutRecords(List<WalReader.Result> segments) {
        return firstAfter(segments, false);
    }

    private static int firstAfter(List<WalReader.Result> segments, boolean onlyWhereRecordsFollow) {
        long lastRevision = -1;
        for (int i = 0; i < segments.size(); i++) {
            WalReader.Result r = segments.get(i);
            boolean emptied = r.validEnd() == 0 && r.damage() == null; // an empty file (WalReader)
            boolean gap = !emptied && lastRevision >= 0 && r.startRevision() > lastRevision;
            if (emptied || gap) {
                int after = emptied ? i + 1 : i;
                if (!onlyWhereRecordsFollow && after < segments.size()
                        || segments.subList(after, segments.size()).stream().anyMatch(later -> later.records() > 0)) {
                    return after;
                }
            }
            if (r.validEnd() >= WalFormat.HEADER_BYTES) {
                lastRevision = r.lastRevision();
            }
        }
        return segments.size();
    }
}
