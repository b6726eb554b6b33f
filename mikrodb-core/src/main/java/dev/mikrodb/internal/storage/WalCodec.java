package dev.mikrodb.internal.storage;

import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.List;

/** Encodes the batch of one WAL record (the plaintext payload). Layout in docs/file-format.md. */
final class WalCodec {
    private WalCodec() {
    }

    /**
     * Encodes every record into one buffer kept between them, so that a commit allocates no record-sized array (a
     * fifth of what a single write allocated). The caller serialises its use and is done with the bytes before the
     * next record.
     */
    static final class Encoder {
        /** A buffer grown past this by a large batch is dropped after it, not kept for the database's lifetime. */
        private static final int KEPT_BYTES = 1 << 20;
        private ByteWriter buffer = new ByteWriter(4096);

        ByteWriter encode(WalBatch batch) {
            if (buffer.array().length > KEPT_BYTES) {
                buffer = new ByteWriter(4096);
            }
            return encodeInto(batch, buffer);
        }
    }

    /**
     * Encodes {@code batch} into {@code w} after {@link WalFormat#RECORD_HEADER_BYTES} bytes left for the record
     * header, which {@link WalFormat#frame} writes. A payload too large for a record is a {@link ValidationException}.
     */
    private static ByteWriter encodeInto(WalBatch batch, ByteWriter w) {
        int reserved = WalFormat.RECORD_HEADER_BYTES;
        w.truncateTo(reserved);
        w.i64(batch.revision()).i64(batch.timestamp()).i32(batch.ops().size());
        for (WalOp op : batch.ops()) {
            w.u8(op.type()).utf8WithU16Length(op.table()).utf8WithI32Length(op.key());
            if (op.type() == WalOp.PUT) {
                StoredItem i = op.item();
                w.i64(i.version()).i64(i.expiration()).i64(i.createRevision()).i32(i.value().length).bytes(i.value());
            }
            if (op.type() != WalOp.DROP_TABLE) {
                writePrevious(w, op.previous());
            }
        }
        if (w.length() - reserved > WalFormat.MAX_PAYLOAD_BYTES - 64) {
            throw new ValidationException("a single write batch may hold at most " + (WalFormat.MAX_PAYLOAD_BYTES
                    >> 20) + " MiB; this one is " + ((w.length() - reserved) >> 20) + " MiB");
        }
        return w;
    }

    private static void writePrevious(ByteWriter w, StoredItem p) {
        if (p == null) {
            w.u8(0);
            return;
        }
        TableEntries.writeItemFields(w.u8(1), p);
    }

    /** @throws ByteReader.ShortReadException or IllegalArgumentException when the payload is malformed */
    static WalBatch decode(byte[] payload) {
        ByteReader r = new ByteReader(payload, 0, payload.length);
        long revision = r.i64();
        long timestamp = r.i64();
        int count = r.i32();
        if (count < 0 || count > payload.length) {
            throw new IllegalArgumentException("operation count " + count + " is impossible");
        }
        List<WalOp> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int type = r.u8();
            String table = r.utf8(r.u16());
            String key = r.utf8(r.i32());
            switch (type) {
                case WalOp.PUT -> {
                    long version = r.i64();
                    long expiration = r.i64();
                    long createRevision = r.i64();
                    byte[] value = r.bytes(r.i32());
                    StoredItem item = new StoredItem(key, value, version, timestamp, expiration, createRevision,
                            revision);
                    ops.add(new WalOp(WalOp.PUT, table, key, item, readPrevious(r, key)));
                }
                case WalOp.DELETE, WalOp.EXPIRE -> ops.add(new WalOp(type, table, key, null, readPrevious(r, key)));
                case WalOp.DROP_TABLE -> ops.add(WalOp.dropTable(table));
                default -> throw new IllegalArgumentException("unknown operation type " + type);
            }
        }
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " unexpected bytes after the last operation");
        }
        return new WalBatch(revision, timestamp, ops);
    }

    private static StoredItem readPrevious(ByteReader r, String key) {
        int present = r.u8();
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw new IllegalArgumentException("bad previous-item flag " + present);
        }
        return TableEntries.readItemFields(r, key);
    }
}
