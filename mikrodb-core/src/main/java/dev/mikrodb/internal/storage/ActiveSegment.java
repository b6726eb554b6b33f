package dev.mikrodb.internal.storage;

import dev.mikrodb.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The segment the write-ahead log appends to: its open file, where the next record goes, the encryption nonces of
 * its records and the zeros written ahead of them in sync mode ({@link WalPreallocation}). The log's I/O lock guards
 * it; the log keeps the sequence numbers, the buffering, the fsyncs and the rotations.
 */
final class ActiveSegment {
    private final WalPreallocation preallocation;
    private StorageFile file;
    private byte[] noncePrefix;
    private int nonceCounter;
    /** The file's write position, kept here: asking the channel is an {@code lseek} call per write. */
    private long position;
    /**
     * A view of the array last written from, reused while records come from the same array (the log's encoder and
     * buffer keep theirs): a new view per write was about 40 bytes of a single write's garbage.
     */
    private ByteBuffer view = ByteBuffer.allocate(0);

    ActiveSegment(Durability durability) {
        this.preallocation = WalPreallocation.forDurability(durability);
    }

    /** Makes {@code s} the segment appended to: its file is positioned right after its header. */
    void install(WalSegments.Segment s) {
        file = s.file();
        noncePrefix = s.noncePrefix();
        nonceCounter = 0;
        position = s.headerBytes();
        preallocation.reset(position);
    }

    /** The open file, or null once the log is closed. */
    StorageFile file() {
        return file;
    }

    /** Where the next record goes: the end of the records written so far. */
    long position() {
        return position;
    }

    byte[] noncePrefix() {
        return noncePrefix;
    }

    /** The nonce counter of the next encrypted record (each record's nonce is the prefix and this counter). */
    int nextNonce() {
        return nonceCounter++;
    }

    /** Writes {@code length} bytes of {@code data} after the records so far. */
    void write(byte[] data, int length) throws IOException {
        preallocation.cover(file, position, length);
        if (view.array() != data) {
            view = ByteBuffer.wrap(data);
        }
        view.limit(length).position(0);
        file.write(view);
        position += length;
    }

    /** After a failed {@link #write}: cuts whatever part of the record reached the file, so no record follows it. */
    void cutBackTo(long end) throws IOException {
        file.truncate(end);
        preallocation.truncatedTo(end);
        file.position(end);
        position = end;
    }

    /** At a clean close, before {@link #close}: cuts the zeros written ahead of the records (best effort). */
    void cutZerosAhead() {
        preallocation.cutAfter(file, position);
    }

    /** Closes the file; the segment is no longer appended to. */
    void close() throws IOException {
        StorageFile f = file;
        file = null;
        f.close();
    }
}
