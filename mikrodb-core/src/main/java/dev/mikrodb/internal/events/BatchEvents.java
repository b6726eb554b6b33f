package dev.mikrodb.internal.events;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Item;
import dev.mikrodb.internal.api.ItemAccess;
import dev.mikrodb.internal.storage.StoredItem;
import dev.mikrodb.internal.storage.WalBatch;
import dev.mikrodb.internal.storage.WalOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The change events of one WAL record, exactly as the commit published them live: a put is {@code item.written}, a
 * delete {@code item.deleted} and an expiry {@code item.expired} (each with the item removed), a drop
 * {@code table.deleted}; a drop's record also removes the dropped tables' index definitions, which are not announced.
 */
public final class BatchEvents {
    private BatchEvents() {
    }

    public static List<ChangeEvent> of(WalBatch batch) {
        boolean drops = batch.ops().stream().anyMatch(op -> op.type() == WalOp.DROP_TABLE);
        List<ChangeEvent> events = new ArrayList<>(batch.ops().size());
        for (WalOp op : batch.ops()) {
            if (drops) {
                if (op.type() == WalOp.DROP_TABLE) {
                    events.add(new ChangeEvent(ChangeEvent.TABLE_DELETED, op.table(), null, null, 0,
                            batch.timestamp(), batch.revision()));
                }
                continue;
            }
            Item previous = item(op.previous());
            switch (op.type()) {
                case WalOp.PUT -> events.add(new ChangeEvent(ChangeEvent.ITEM_WRITTEN, op.table(), op.key(),
                        item(op.item()), op.item().version(), batch.timestamp(), batch.revision(), previous));
                case WalOp.DELETE, WalOp.EXPIRE -> events.add(new ChangeEvent(op.type() == WalOp.DELETE
                        ? ChangeEvent.ITEM_DELETED : ChangeEvent.ITEM_EXPIRED, op.table(), op.key(), previous,
                        op.previous().version(), batch.timestamp(), batch.revision(), previous));
                default -> throw new IllegalStateException("unknown WAL operation " + op.type());
            }
        }
        return events;
    }

    private static Item item(StoredItem s) {
        return s == null ? null : ItemAccess.item(s.key(), s.value(), s.version(), s.timestamp(), s.expiration(),
                s.createRevision(), s.modRevision());
    }
}
