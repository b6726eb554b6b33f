package dev.mikrodb.internal.storage;

import dev.mikrodb.internal.crypto.AesGcm;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Point reads from one format-3 table file without loading it: opening reads the header and the bucket index, each
 * read then reads and checks the one bucket its key hashes to. Damage is reported as a {@code CorruptionException}
 * naming the file, as a full load would. The file stays open until {@link #close}, so a checkpoint that replaces or
 * deletes it meanwhile does not disturb a read in progress.
 */
public final class TableFileLookup implements Closeable {
    /** What {@link #find} returns for a key this file says was removed. */
    public static final StoredItem REMOVED = TableEntries.REMOVED;

    private final Path file;
    private final String stem;
    private final AesGcm cipher;
    private final FileChannel channel;
    private final TableFileLayout layout;
    private final long[] offsets;
    private final int[] lengths;

    private TableFileLookup(Path file, String stem, AesGcm cipher, FileChannel channel, TableFileLayout layout,
                            long[] offsets, int[] lengths) {
        this.file = file;
        this.stem = stem;
        this.cipher = cipher;
        this.channel = channel;
        this.layout = layout;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /** Opens a table file for point reads; null when it is of an older format, which only loads whole. */
    public static TableFileLookup open(FileLayer files, Path file, String stem, AesGcm cipher) throws IOException {
        FileChannel channel = files.openForReading(file);
        try {
            long size = channel.size();
            byte[] head = read(channel, 0, (int) Math.min(size, TableFile.V3_HEADER_BYTES));
            if (TableFile.version(file, head) != TableFile.VERSION) {
                channel.close();
                return null;
            }
            TableFileLayout layout = TableFileLayout.read(file, head, size, cipher);
            byte[] index = read(channel, layout.indexOffset(), (int) (size - layout.indexOffset()));
            layout.checkIndex(file, index, 0);
            ByteReader r = new ByteReader(index, 0, index.length);
            long[] offsets = new long[layout.buckets()];
            int[] lengths = new int[layout.buckets()];
            for (int b = 0; b < offsets.length; b++) {
                offsets[b] = r.i64();
                lengths[b] = r.i32();
                if (offsets[b] < TableFile.V3_HEADER_BYTES || lengths[b] < 0
                        || offsets[b] + lengths[b] + 4 > layout.indexOffset()) {
                    throw new dev.mikrodb.CorruptionException(file, layout.indexOffset()
                            + (long) b * TableFile.INDEX_ENTRY_BYTES, "table index entry " + b
                            + " points outside the buckets");
                }
            }
            return new TableFileLookup(file, stem, cipher, channel, layout, offsets, lengths);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file's header: its sequence number tells which deltas come after a base. */
    public TableFile.Header header() {
        return layout.header();
    }

    /** The entry of {@code key}: its item, {@link #REMOVED} when this file removes it, or null when it has none. */
    public StoredItem find(String key) throws IOException {
        byte[] keyUtf8 = key.getBytes(StandardCharsets.UTF_8);
        int b = TableFile.bucketOf(keyUtf8, layout.buckets());
        byte[] stored = read(channel, offsets[b], lengths[b] + 4);
        return TableEntries.find(file, layout.bucket(file, stem, stored, 0, lengths[b], b, cipher), keyUtf8, key);
    }

    private static byte[] read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("table file ends before byte " + (position + length));
            }
        }
        return buffer.array();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
