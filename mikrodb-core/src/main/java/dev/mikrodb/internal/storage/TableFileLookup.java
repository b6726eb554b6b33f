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
    /** The checked bucket index, entries read on demand: decoding all of it up front would cost more than a read. */
    private final ByteBuffer index;

    private TableFileLookup(Path file, String stem, AesGcm cipher, FileChannel channel, TableFileLayout layout,
                            ByteBuffer index) {
        this.file = file;
        this.stem = stem;
        this.cipher = cipher;
        this.channel = channel;
        this.layout = layout;
        this.index = index;
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
            return new TableFileLookup(file, stem, cipher, channel, layout, ByteBuffer.wrap(index));
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
        int at = b * TableFile.INDEX_ENTRY_BYTES;
        long offset = index.getLong(at);
        int length = index.getInt(at + 8);
        layout.checkIndexEntry(file, b, offset, length);
        byte[] stored = read(channel, offset, length + 4);
        return TableEntries.find(file, layout.bucket(file, stem, stored, 0, length, b, cipher), keyUtf8, key);
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
