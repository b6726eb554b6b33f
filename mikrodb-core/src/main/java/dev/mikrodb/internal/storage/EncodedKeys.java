package dev.mikrodb.internal.storage;

/**
 * A table file's keys, encoded once as their entries hold them (UTF-8 after two length bytes), in the order the
 * entries were given, for {@link TableFile}'s encoder to copy into each entry.
 *
 * <p>Why: the encoder reads every key twice, once in the order given (for its bucket) and once in bucket order (to
 * write its entry), and bucket order has nothing to do with where the keys lie in memory. Reading a key's string and
 * bytes in that order was two cache misses per entry: two thirds of a 100,000-item checkpoint's encoding time in its
 * JFR profile, against a quarter for the same reads in the order given. Copied from here, the second read is a short
 * copy from one array. The keys held are capped at {@code maxBytes} (the first ones given, in order), so a table of
 * any size costs a bounded buffer; the keys past it are encoded from their strings again, as before.
 */
final class EncodedKeys {
    /** The most key bytes one file holds: the keys of about 280,000 entries of 13-character keys. */
    static final int MAX_BYTES = 4 << 20;
    /** The most key bytes kept between files: a large file's buffer is let go with it. */
    static final int KEPT_BYTES = 64 << 10;

    private final int maxBytes;
    private ByteWriter bytes = new ByteWriter(4096);
    /** One key that did not fit, for its bucket. */
    private final ByteWriter spare = new ByteWriter(256);
    private int held;
    private boolean full;

    EncodedKeys(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Empties the buffer for a new file. */
    void clear() {
        bytes.truncateTo(0);
        held = 0;
        full = false;
    }

    /**
     * Encodes {@code key} after the ones before it if it fits (and every key before it did), else only for its
     * bucket; returns its bucket among {@code buckets}.
     */
    int add(String key, int buckets) {
        // three bytes per char bound a key's UTF-8, so the buffer never grows past maxBytes
        if (!full && bytes.length() + 2 + 3L * key.length() <= maxBytes) {
            int at = bytes.length();
            bytes.utf8WithU16Length(key);
            held++;
            return TableFile.bucketOf(bytes.array(), at + 2, bytes.length() - at - 2, buckets);
        }
        full = true;
        spare.truncateTo(0);
        spare.utf8WithU16Length(key);
        return TableFile.bucketOf(spare.array(), 2, spare.length() - 2, buckets);
    }

    /** How many keys are held: the first ones given, in order. */
    int held() {
        return held;
    }

    /** The held keys, one after another from index 0. */
    byte[] array() {
        return bytes.array();
    }

    /** After a file: a buffer grown past {@link #KEPT_BYTES} is let go, so a loaded table's heap does not carry it. */
    void release() {
        if (bytes.array().length > KEPT_BYTES) {
            bytes = new ByteWriter(4096);
        }
    }
}
