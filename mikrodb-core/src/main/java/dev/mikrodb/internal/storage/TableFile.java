package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.internal.crypto.AesGcm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The encoding of one table file: a base (every item of the table as of a checkpoint) or a delta (the items written
 * and the keys removed since the previous file). Files are written whole and atomically and never changed after.
 *
 * <p>Format 3 spreads the entries over buckets by a hash of the key, each bucket checked (and, encrypted,
 * authenticated) on its own, with an index of bucket offsets at the end: loading a table reads every bucket in
 * order, and a point read of a table that is not loaded reads the header, the index and one bucket
 * ({@link TableFileLookup}). Layout in docs/file-format.md; names and listing in {@link TableFiles}.
 */
public final class TableFile {
    static final int MAGIC = 0x4D4B5442; // "MKTB"
    /** The format this build writes. 3: entries in hashed buckets with an index. */
    public static final int VERSION = 3;
    /** The oldest format this build reads. */
    public static final int MIN_READ_VERSION = TableFileV2.VERSION;
    static final int FLAG_ENCRYPTED = 1;
    static final int FLAG_DELTA = 2;
    /** magic, version, flags, sequence, revision, entry count: the fields every format version starts with. */
    static final int HEADER_BYTES = 4 + 2 + 2 + 8 + 8 + 4;
    /** Format 3's header: the fields above, bucket count, nonce prefix, then the CRC32C of all of them. */
    static final int V3_HEADER_BYTES = HEADER_BYTES + 4 + 8 + 4;
    /** Per bucket in the index: offset (8 bytes) and stored length (4). */
    static final int INDEX_ENTRY_BYTES = 12;
    /** Entries per bucket aimed at: a point read decodes about this many keys. */
    static final int ENTRIES_PER_BUCKET = 32;

    /** What a file's header says about it. */
    public record Header(long seq, long revision, boolean delta, int entries) {
    }

    /** Receives the entries of a file as they are decoded, in file order. */
    public interface Sink {
        void item(StoredItem item);

        void tombstone(String key);
    }

    private TableFile() {
    }

    /** The number of buckets a file of {@code entries} entries has. */
    static int bucketCount(int entries) {
        return Math.max(1, (entries + ENTRIES_PER_BUCKET - 1) / ENTRIES_PER_BUCKET);
    }

    /** The bucket a key's entry is in: CRC32C of its UTF-8 bytes, unsigned, modulo the bucket count. */
    static int bucketOf(byte[] keyUtf8, int buckets) {
        return bucketOf(keyUtf8, 0, keyUtf8.length, buckets);
    }

    /** The same, for a key whose UTF-8 is {@code length} bytes of {@code bytes} from {@code from}. */
    static int bucketOf(byte[] bytes, int from, int length, int buckets) {
        return (int) (Integer.toUnsignedLong(Checksums.crc32c(bytes, from, length)) % buckets);
    }

    /**
     * Encodes a file into one array: the form tests compare the streamed writer with ({@link TableFileWriter} is
     * what checkpoints use).
     *
     * @param stem the table's file stem, bound into the encryption so files cannot be swapped between tables
     * @param seq the file's sequence number: a delta is applied after every file with a lower one; a base replaces
     *     every file with a lower or equal one
     * @param revision the database revision the file is current to
     * @param items in the order each bucket should hold them (any order: a bucket is read through)
     */
    static byte[] encode(String stem, long seq, long revision, boolean delta, Collection<? extends StoredItem> items,
                         Collection<String> tombstones, AesGcm cipher) {
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        try {
            encodeTo((bytes, length) -> whole.write(bytes, 0, length), Integer.MAX_VALUE, new Buffers(), stem, seq,
                    revision, delta, items, tombstones, cipher);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // this output does no I/O
        }
        return whole.toByteArray();
    }

    /** Where {@link #encodeTo} hands a file's bytes: runs of whole buckets, in file order. */
    @FunctionalInterface
    interface Output {
        void write(byte[] bytes, int length) throws IOException;
    }

    /**
     * What a file is encoded through: byte buffers and the arrays that order its entries by bucket. A writer that
     * keeps them between files ({@link TableFileWriter}) spares each checkpoint buffers and arrays of the delta's
     * size: fresh heap memory, whose first touch was most of a small checkpoint's encoding time. Arrays grown for more
     * than {@link #KEPT_ENTRIES} entries (a large base) are let go after their file.
     */
    static final class Buffers {
        static final int KEPT_ENTRIES = 1 << 16;
        final ByteWriter out = new ByteWriter(64 * 1024);
        final ByteWriter plain = new ByteWriter(4096);
        final ByteWriter index = new ByteWriter(1024);
        /** The file's keys, encoded in the first pass for the entries to copy. */
        final EncodedKeys keys;
        /**
         * The file's entries in bucket order, and where each one's key starts in {@link #keys} (-1: not held); each
         * entry's bucket, in the order they were given.
         */
        Object[] ordered = new Object[0];
        int[] keyAt = new int[0];
        int[] bucketOf = new int[0];

        Buffers() {
            this(EncodedKeys.MAX_BYTES);
        }

        /** Buffers holding at most {@code maxKeyBytes} of a file's keys (tests use a small limit). */
        Buffers(int maxKeyBytes) {
            keys = new EncodedKeys(maxKeyBytes);
        }

        /** Grows the arrays to hold a file of {@code count} entries. */
        void prepare(int count) {
            if (ordered.length < count) {
                ordered = new Object[count];
                keyAt = new int[count];
                bucketOf = new int[count];
            }
            keys.clear();
        }

        /**
         * After a file, even a failed one: its records are let go, and arrays grown for a large base with them; so
         * are the keys' bytes past {@link EncodedKeys#KEPT_BYTES}.
         */
        void release(int count) {
            if (ordered.length > KEPT_ENTRIES) {
                ordered = new Object[0];
                keyAt = new int[0];
                bucketOf = new int[0];
            } else {
                java.util.Arrays.fill(ordered, 0, count, null);
            }
            keys.release();
        }
    }

    /**
     * Encodes a file ({@link #encode}'s parameters) into {@code output} in runs of about {@code chunkBytes}, so that a
     * checkpoint of a large table is never held encoded whole: the runs go through {@code buffers}, where a single
     * array the size of the table would be allocated (outside the young generation) for every checkpoint.
     */
    static void encodeTo(Output output, int chunkBytes, Buffers buffers, String stem, long seq, long revision,
                         boolean delta, Collection<? extends StoredItem> items, Collection<String> tombstones,
                         AesGcm cipher) throws IOException {
        int count = items.size() + tombstones.size();
        buffers.prepare(count);
        try {
            encodeTo(output, chunkBytes, buffers, count, stem, seq, revision, delta, items, tombstones, cipher);
        } finally {
            buffers.release(count);
        }
    }

    private static void encodeTo(Output output, int chunkBytes, Buffers buffers, int count, String stem, long seq,
                                 long revision, boolean delta, Collection<? extends StoredItem> items,
                                 Collection<String> tombstones, AesGcm cipher) throws IOException {
        int buckets = bucketCount(count);
        int[] bucketOf = buffers.bucketOf;
        int[] starts = new int[buckets + 1];
        int n = 0;
        for (StoredItem i : items) {
            bucketOf[n] = buffers.keys.add(i.key(), buckets);
            starts[bucketOf[n++] + 1]++;
        }
        for (String k : tombstones) {
            bucketOf[n] = buffers.keys.add(k, buckets);
            starts[bucketOf[n++] + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            starts[b + 1] += starts[b];
        }
        // A stable counting sort by bucket, in a second pass: each entry, and where its key starts, at its place. The
        // keys held are the first ones given, one after another, so each one's start follows from the one before.
        Object[] ordered = buffers.ordered;
        int[] keyAt = buffers.keyAt;
        byte[] keys = buffers.keys.array();
        int held = buffers.keys.held();
        int[] next = java.util.Arrays.copyOf(starts, buckets);
        int key = 0;
        n = 0;
        for (StoredItem i : items) {
            int at = next[bucketOf[n]]++;
            ordered[at] = i;
            key = noteKey(keyAt, at, n++ < held, keys, key);
        }
        for (String k : tombstones) {
            int at = next[bucketOf[n]]++;
            ordered[at] = k;
            key = noteKey(keyAt, at, n++ < held, keys, key);
        }

        ByteWriter out = buffers.out;
        out.truncateTo(0);
        long flushed = 0; // bytes handed to the output so far
        byte[] noncePrefix = cipher == null ? new byte[AesGcm.NONCE_PREFIX_BYTES]
                : AesGcm.randomBytes(AesGcm.NONCE_PREFIX_BYTES);
        out.i32(MAGIC).u16(VERSION).u16((cipher != null ? FLAG_ENCRYPTED : 0) | (delta ? FLAG_DELTA : 0)).i64(seq)
                .i64(revision).i32(count).i32(buckets).bytes(noncePrefix);
        out.i32(Checksums.crc32c(out.array(), 0, out.length()));
        byte[] header = java.util.Arrays.copyOf(out.array(), V3_HEADER_BYTES - 4);
        ByteWriter index = buffers.index;
        index.truncateTo(0);
        ByteWriter plain = buffers.plain;
        for (int b = 0; b < buckets; b++) {
            ByteWriter target = cipher == null ? out : plain;
            int offset = out.length(); // in the buffer; in the file it is flushed + offset
            plain.truncateTo(0);
            for (int i = starts[b]; i < starts[b + 1]; i++) {
                TableEntries.write(target, ordered[i], keys, keyAt[i]);
            }
            if (cipher != null) {
                out.bytes(cipher.encrypt(AesGcm.nonce(noncePrefix, b), plain.toByteArray(), aad(header, stem, b)));
            }
            int length = out.length() - offset;
            out.i32(Checksums.crc32c(out.array(), offset, length));
            index.i64(flushed + offset).i32(length);
            if (out.length() >= chunkBytes) {
                output.write(out.array(), out.length());
                flushed += out.length();
                out.truncateTo(0);
            }
        }
        out.bytes(index.array(), 0, index.length());
        out.i32(Checksums.crc32c(index.array(), 0, index.length()));
        output.write(out.array(), out.length());
    }

    /**
     * Notes where the key of the entry placed at {@code at} starts in {@code keys} (at {@code key}), or -1 when its
     * key is not held; returns where the next held key starts.
     */
    private static int noteKey(int[] keyAt, int at, boolean held, byte[] keys, int key) {
        if (!held) {
            keyAt[at] = -1;
            return key;
        }
        keyAt[at] = key;
        return key + TableEntries.encodedKeyLength(keys, key);
    }

    /** Binds a bucket's ciphertext to the file's header, its table and its place, so none can be swapped. */
    static byte[] aad(byte[] header, String stem, int bucket) {
        byte[] name = stem.getBytes(StandardCharsets.UTF_8);
        ByteWriter aad = new ByteWriter(header.length + name.length + 4);
        return aad.bytes(header).bytes(name).i32(bucket).toByteArray();
    }

    /**
     * Refuses a file whose header disagrees with its name: a delta must hold the sequence number its name gives, a
     * base must not be a delta. Encrypted files bind their stem into authentication, but a plain file's bytes could
     * otherwise be read under another file's name (a file system that lost a rename), and a delta read in another's
     * place would be applied out of order.
     */
    static void checkNamed(Path file, Header header) {
        String name = file.getFileName().toString();
        long named = TableFiles.deltaSeq(name);
        if (named >= 0 && (!header.delta() || header.seq() != named)) {
            throw new CorruptionException(file, 8, "the file is named as delta " + named + " but holds "
                    + (header.delta() ? "delta " + header.seq() : "a base"));
        }
        if (named < 0 && name.endsWith(TableFiles.BASE_SUFFIX) && header.delta()) {
            throw new CorruptionException(file, 8, "the file is named as a base but holds delta " + header.seq());
        }
    }

    /** Whether the file is encrypted, refusing a file whose encryption disagrees with the database's. */
    static boolean checkEncryption(Path file, int flags, AesGcm cipher) {
        boolean encrypted = (flags & FLAG_ENCRYPTED) != 0;
        if (encrypted != (cipher != null)) {
            throw new EncryptionKeyException("table file " + file + (encrypted ? " is encrypted but the database is not"
                    : " is not encrypted but the database is"));
        }
        return encrypted;
    }

    /** The format version of a file, refusing one this build cannot read. */
    static int version(Path file, byte[] data) {
        if (data.length < HEADER_BYTES + 4) {
            throw new CorruptionException(file, 0, "table file is " + data.length + " bytes, too short");
        }
        ByteReader h = new ByteReader(data, 0, HEADER_BYTES);
        if (h.i32() != MAGIC) {
            throw new CorruptionException(file, 0, "not a MikroDB table file (bad magic)");
        }
        int version = h.u16();
        if (version < MIN_READ_VERSION || version > VERSION) {
            throw new CorruptionException(file, 4, "unsupported table format version " + version
                    + " (this build reads versions " + MIN_READ_VERSION + " to " + VERSION + ")");
        }
        return version;
    }

    /** Checks a file whole (checksums, header, authentication) and hands its entries to {@code sink}. */
    public static Header decode(Path file, String stem, byte[] data, AesGcm cipher, Sink sink) {
        if (version(file, data) == TableFileV2.VERSION) {
            return TableFileV2.decode(file, stem, data, cipher, sink);
        }
        TableFileLayout layout = TableFileLayout.read(file, data, data.length, cipher);
        ByteReader index = new ByteReader(data, (int) layout.indexOffset(), data.length - 4);
        long expected = V3_HEADER_BYTES;
        int read = 0;
        for (int b = 0; b < layout.buckets(); b++) {
            long offset = index.i64();
            int length = index.i32();
            layout.checkIndexEntry(file, b, offset, length);
            if (offset != expected) {
                throw new CorruptionException(file, layout.indexOffset() + (long) b * INDEX_ENTRY_BYTES,
                        "table index entry " + b + " does not follow the bucket before it");
            }
            read += TableEntries.read(file, layout.bucket(file, stem, data, (int) offset, length, b, cipher),
                    layout.header().delta(), sink);
            expected = offset + length + 4;
        }
        if (expected != layout.indexOffset()) {
            throw new CorruptionException(file, expected, "bytes between the last bucket and the index");
        }
        if (read != layout.header().entries()) {
            throw new CorruptionException(file, 24, "header says " + layout.header().entries()
                    + " entries, buckets hold " + read);
        }
        return layout.header();
    }
}
