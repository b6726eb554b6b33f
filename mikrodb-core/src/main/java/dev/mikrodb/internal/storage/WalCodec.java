package dev.mikrodb.internal.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encodes the operations of one WAL record (the plaintext payload). Layout in docs/file-format.md. */
final class WalCodec {
    private WalCodec() {
    }

    static byte[] encode(List<WalOp> ops) {
        int estimate = 4;
        for (WalOp op : ops) {
            estimate += 64 + op.table().length() + op.key().length() * 3 + (op.value() == null ? 0 : op.value().length);
        }
        ByteWriter w = new ByteWriter(estimate);
        w.i32(ops.size());
        for (WalOp op : ops) {
            byte[] table = op.table().getBytes(StandardCharsets.UTF_8);
            byte[] key = op.key().getBytes(StandardCharsets.UTF_8);
            w.u8(op.type()).u16(table.length).bytes(table).i32(key.length).bytes(key);
            if (op.type() == WalOp.PUT) {
                w.i64(op.version()).i64(op.timestamp()).i64(op.expiration()).i32(op.value().length).bytes(op.value());
            }
        }
        return w.toByteArray();
    }

    /** @throws ByteReader.ShortReadException or IllegalArgumentException when the payload is malformed */
    static List<WalOp> decode(byte[] payload) {
        ByteReader r = new ByteReader(payload, 0, payload.length);
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
                    long timestamp = r.i64();
                    long expiration = r.i64();
                    byte[] value = r.bytes(r.i32());
                    ops.add(WalOp.put(table, key, version, timestamp, expiration, value));
                }
                case WalOp.DELETE -> ops.add(WalOp.delete(table, key));
                case WalOp.DROP_TABLE -> ops.add(WalOp.dropTable(table));
                default -> throw new IllegalArgumentException("unknown operation type " + type);
            }
        }
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " unexpected bytes after the last operation");
        }
        return ops;
    }
}
