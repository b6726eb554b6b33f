package dev.mikrodb.internal.engine;

import dev.mikrodb.internal.storage.TableFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which table files are on disk, kept in memory from one directory listing at open: existence checks and table
 * listings cost no I/O. Updated by the checkpointer (files written and deleted) and by drops (a dropped table's files
 * count as absent from the moment the drop is logged until they are deleted).
 */
final class TableCatalog {
    private final Map<String, TableFiles.Present> onDisk = new ConcurrentHashMap<>();
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();
    private final Path directory;

    private TableCatalog(Path directory) {
        this.directory = directory;
    }

    /** The catalog of the table files among {@code entries}, a listing of {@code directory}. */
    static TableCatalog of(Path directory, List<Path> entries) {
        TableCatalog catalog = new TableCatalog(directory);
        catalog.onDisk.putAll(TableFiles.scan(entries));
        return catalog;
    }

    /** Whether live (not dropped) files of {@code stem} exist. */
    boolean exists(String stem) {
        return !dropped.contains(stem) && onDisk.containsKey(stem);
    }

    /** The live files of {@code stem}, or null. */
    TableFiles.Present present(String stem) {
        return dropped.contains(stem) ? null : onDisk.get(stem);
    }

    /** The highest delta number on disk for {@code stem}, dropped or not: a new file must be numbered above it. */
    long highestSeq(String stem) {
        TableFiles.Present p = onDisk.get(stem);
        return p == null ? 0 : p.highestDelta();
    }

    /** Stems with live files, sorted. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (String stem : onDisk.keySet()) {
            if (!dropped.contains(stem)) {
                names.add(stem);
            }
        }
        names.sort(null);
        return names;
    }

    /** A drop is logged: the files count as absent until deleted. */
    void drop(String stem) {
        if (onDisk.containsKey(stem)) {
            dropped.add(stem);
        }
    }

    /** Every file of every dropped table: what the checkpointer must delete before discarding the drops' WAL. */
    List<Path> droppedFiles() {
        List<Path> paths = new ArrayList<>();
        for (String stem : dropped) {
            TableFiles.Present p = onDisk.get(stem);
            if (p != null) {
                paths.addAll(TableFiles.all(directory, stem, p));
            }
        }
        return paths;
    }

    /** The dropped tables' files are deleted. */
    void droppedFilesDeleted(List<String> stems) {
        for (String stem : stems) {
            if (dropped.remove(stem)) {
                onDisk.remove(stem);
            }
        }
    }

    List<String> droppedStems() {
        return new ArrayList<>(dropped);
    }

    /** A new base numbered {@code seq} replaced the table's files; deltas numbered below it are now stale. */
    void baseWritten(String stem, long seq) {
        TableFiles.Present old = onDisk.get(stem);
        TreeSet<Long> deltas = new TreeSet<>();
        if (old != null) {
            deltas.addAll(old.deltas());
        }
        onDisk.put(stem, new TableFiles.Present(true, deltas));
        dropped.remove(stem);
    }

    void deltaWritten(String stem, long seq) {
        TableFiles.Present old = onDisk.get(stem);
        TreeSet<Long> deltas = new TreeSet<>(old == null ? Set.of() : old.deltas());
        deltas.add(seq);
        onDisk.put(stem, new TableFiles.Present(old != null && old.base(), deltas));
    }

    /** Deltas of {@code stem} numbered at most {@code seq}: replaced by a base, to delete. */
    List<Path> staleDeltas(String stem, long seq) {
        TableFiles.Present p = onDisk.get(stem);
        List<Path> paths = new ArrayList<>();
        if (p != null) {
            for (long d : p.deltas().headSet(seq, true)) {
                paths.add(TableFiles.delta(directory, stem, d));
            }
        }
        return paths;
    }

    void staleDeltasDeleted(String stem, long seq) {
        TableFiles.Present p = onDisk.get(stem);
        if (p != null) {
            TreeSet<Long> deltas = new TreeSet<>(p.deltas().tailSet(seq, false));
            onDisk.put(stem, new TableFiles.Present(p.base(), deltas));
        }
    }
}
