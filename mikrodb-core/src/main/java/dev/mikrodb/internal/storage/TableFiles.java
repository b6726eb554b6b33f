package dev.mikrodb.internal.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a table's files live and which of them count. A table ("stem") has at most one base file
 * {@code <stem>.tbl} and any number of deltas {@code <stem>+<seq>.delta}. A base with sequence S replaces every delta
 * numbered S or lower (such deltas are leftovers of a crash during compaction and are ignored, then deleted). The
 * characters {@code +} and {@code ~} never occur in user-given table names, so no file name is ambiguous.
 */
public final class TableFiles {
    public static final String BASE_SUFFIX = ".tbl";
    public static final String DELTA_SUFFIX = ".delta";

    /** The files of one table found in the directory: whether a base exists, and the deltas' sequence numbers. */
    public record Present(boolean base, TreeSet<Long> deltas) {
        public long highestDelta() {
            return deltas.isEmpty() ? 0 : deltas.last();
        }
    }

    private TableFiles() {
    }

    public static Path base(Path directory, String stem) {
        return directory.resolve(stem + BASE_SUFFIX);
    }

    public static Path delta(Path directory, String stem, long seq) {
        return directory.resolve(stem + "+" + seq + DELTA_SUFFIX);
    }

    /** The stem a file belongs to, or null if it is not a table file. */
    public static String stemOf(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(BASE_SUFFIX) && name.length() > BASE_SUFFIX.length()) {
            return name.substring(0, name.length() - BASE_SUFFIX.length());
        }
        long seq = deltaSeq(name);
        return seq < 0 ? null : name.substring(0, name.lastIndexOf('+'));
    }

    /** The sequence number of a delta file name, or -1. */
    static long deltaSeq(String name) {
        if (!name.endsWith(DELTA_SUFFIX)) {
            return -1;
        }
        int plus = name.lastIndexOf('+');
        String digits = plus < 1 ? "" : name.substring(plus + 1, name.length() - DELTA_SUFFIX.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    /** Every table's files among {@code entries}, a listing of the directory, by stem. */
    public static Map<String, Present> scan(List<Path> entries) {
        Map<String, Present> result = new TreeMap<>();
        for (Path p : entries) {
            String name = p.getFileName().toString();
            String stem = stemOf(p);
            if (stem == null) {
                continue;
            }
            Present present = result.computeIfAbsent(stem, s -> new Present(false, new TreeSet<>()));
            long seq = deltaSeq(name);
            if (seq >= 0) {
                present.deltas().add(seq);
            } else {
                result.put(stem, new Present(true, present.deltas()));
            }
        }
        return result;
    }

    /** Every file of {@code stem}: its base (if any) first, then its deltas in order. */
    public static List<Path> all(Path directory, String stem, Present present) {
        List<Path> paths = new ArrayList<>();
        if (present.base()) {
            paths.add(base(directory, stem));
        }
        for (long seq : present.deltas()) {
            paths.add(delta(directory, stem, seq));
        }
        return paths;
    }
}
