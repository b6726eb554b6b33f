package dev.mikrodb.internal.index;

import dev.mikrodb.IndexInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The indexes of one loaded table: those the planner may use, and those still being built (maintained by writes
 * already, not yet trusted by queries). Changed only under the commit lock; read freely.
 */
public final class TableIndexes {
    private final List<TableIndex> ready = new CopyOnWriteArrayList<>();
    private final List<TableIndex> building = new CopyOnWriteArrayList<>();

    /** The indexes a query may use. */
    public List<TableIndex> ready() {
        return ready;
    }

    /** Every index writes maintain: ready and building. */
    public List<TableIndex> maintained() {
        if (building.isEmpty()) {
            return ready;
        }
        List<TableIndex> all = new ArrayList<>(ready);
        all.addAll(building);
        return all;
    }

    public boolean isEmpty() {
        return ready.isEmpty() && building.isEmpty();
    }

    public TableIndex find(String name) {
        for (TableIndex i : maintained()) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    public List<IndexInfo> infos() {
        List<IndexInfo> out = new ArrayList<>();
        ready.forEach(i -> out.add(i.info()));
        return out;
    }

    /** An index complete from the start (built before the table is shared, or for an empty table). */
    public void addReady(TableIndex index) {
        ready.add(index);
    }

    public void startBuilding(TableIndex index) {
        building.add(index);
    }

    /** The build finished: queries may use the index. */
    public void promote(TableIndex index) {
        building.remove(index);
        ready.add(index);
    }

    public void remove(TableIndex index) {
        building.remove(index);
        ready.remove(index);
    }

    /** An item was written (old value null when new). Under the table's commit lock. */
    public void onPut(String key, byte[] oldJson, byte[] newJson) {
        for (TableIndex i : maintained()) {
            if (oldJson != null) {
                i.remove(key, oldJson);
            }
            i.add(key, newJson);
        }
    }

    /** An item was removed. Under the table's commit lock. */
    public void onRemove(String key, byte[] oldJson) {
        for (TableIndex i : maintained()) {
            i.remove(key, oldJson);
        }
    }
}
