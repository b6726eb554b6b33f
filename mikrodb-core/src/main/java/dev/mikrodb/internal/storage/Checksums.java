package dev.mikrodb.internal.storage;

import java.util.zip.CRC32C;

/** CRC32C, the checksum of every MikroDB file and WAL record. */
public final class Checksums {
    private Checksums() {
    }

    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    public static int crc32c(byte[] data) {
        return crc32c(data, 0, data.length);
    }

    /** Checksum of a 4-byte big-endian integer, for the WAL's length guard. */
    public static int crc32cOfInt(int value) {
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return crc32c(bytes);
    }
}
