package dev.mikrodb.internal.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian views of byte arrays, the byte order of every file format here. One access reads or writes a whole int
 * or long, bounds checked once, where single-byte stores and loads were each checked: a profile of checkpoints had a
 * fifth of the encoding samples in those stores. Decoding a table file got faster with it; encoding stayed bound by
 * cache misses on the values it copies.
 */
final class BigEndian {
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }
}
