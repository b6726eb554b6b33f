package dev.mikrodb.internal.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian views of byte arrays, the byte order of every file format here. One access reads or writes a whole int
 * or long (bounds checked once) where four or eight single-byte stores, each checked, took a fifth of a checkpoint's
 * encoding time in a profile.
 */
final class BigEndian {
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }
}
