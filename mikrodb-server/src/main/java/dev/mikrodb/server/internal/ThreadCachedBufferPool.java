package dev.mikrodb.server.internal;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DirectByteBufferDeallocator;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Undertow's network buffers, cached per thread in a plain {@link ThreadLocal}, with a bounded shared queue behind
 * the caches. Undertow's own {@code DefaultByteBufferPool} finds a thread's cache in a synchronized
 * {@code WeakHashMap} keyed by the thread, on every allocation and every release: a monitor and a hash lookup two to
 * three times per request, 6.3% of the IO threads' samples serving {@code POST /get}. A buffer released on another
 * thread than the one that took it joins that thread's cache; a direct buffer over both bounds is freed at once.
 */
public final class ThreadCachedBufferPool implements ByteBufferPool {
    private final boolean direct;
    private final int bufferSize;
    private final int perThread;
    private final int shared;
    private final ThreadLocal<ArrayDeque<ByteBuffer>> cache = ThreadLocal.withInitial(ArrayDeque::new);
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ThreadCachedBufferPool arrayBacked;
    private volatile boolean closed;

    /**
     * @param perThread buffers each thread keeps for itself
     * @param shared buffers kept in the queue all threads share
     */
    public ThreadCachedBufferPool(boolean direct, int bufferSize, int perThread, int shared) {
        if (bufferSize <= 0 || perThread < 0 || shared < 0) {
            throw new IllegalArgumentException("bufferSize must be positive and the bounds not negative: "
                    + bufferSize + ", " + perThread + ", " + shared);
        }
        this.direct = direct;
        this.bufferSize = bufferSize;
        this.perThread = perThread;
        this.shared = shared;
        this.arrayBacked = direct ? new ThreadCachedBufferPool(false, bufferSize, perThread, shared) : this;
    }

    /**
     * The pool {@code Undertow.builder()} would make on this JVM: 16 KiB less 20 bytes of direct memory per buffer
     * (room for protocol headers within 16 KiB), or smaller heap buffers on a heap under 128 MiB.
     */
    public static ThreadCachedBufferPool likeUndertows() {
        long heap = Runtime.getRuntime().maxMemory();
        if (heap < 64L << 20) {
            return new ThreadCachedBufferPool(false, 512, 4, 64);
        }
        return new ThreadCachedBufferPool(true, heap < 128L << 20 ? 1024 : (16 << 10) - 20, 4, 64);
    }

    @Override
    public PooledByteBuffer allocate() {
        if (closed) {
            throw new IllegalStateException("the buffer pool is closed");
        }
        ByteBuffer buffer = cache.get().pollLast();
        if (buffer == null) {
            buffer = queue.poll();
            if (buffer != null) {
                queued.decrementAndGet();
            } else {
                buffer = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
            }
        }
        buffer.clear();
        return new Pooled(this, buffer);
    }

    private void release(ByteBuffer buffer) {
        if (closed) {
            DirectByteBufferDeallocator.free(buffer);
            return;
        }
        ArrayDeque<ByteBuffer> mine = cache.get();
        if (mine.size() < perThread) {
            mine.addLast(buffer);
        } else if (queued.incrementAndGet() <= shared) {
            queue.add(buffer);
        } else {
            queued.decrementAndGet();
            // Freed now, as Undertow's pool does, rather than when the collector gets to it: a burst of connections
            // would otherwise leave direct memory held until the next full collection.
            DirectByteBufferDeallocator.free(buffer);
        }
    }

    @Override
    public ByteBufferPool getArrayBackedPool() {
        return arrayBacked;
    }

    /** Stops handing out buffers; the threads' caches are let go with their threads. */
    @Override
    public void close() {
        closed = true;
        for (ByteBuffer b = queue.poll(); b != null; b = queue.poll()) {
            DirectByteBufferDeallocator.free(b);
        }
        if (arrayBacked != this) {
            arrayBacked.close();
        }
    }

    @Override
    public int getBufferSize() {
        return bufferSize;
    }

    @Override
    public boolean isDirect() {
        return direct;
    }

    /** One buffer on loan; closing it twice, from any thread, returns it once. */
    private static final class Pooled implements PooledByteBuffer {
        private static final AtomicIntegerFieldUpdater<Pooled> OPEN =
                AtomicIntegerFieldUpdater.newUpdater(Pooled.class, "open");
        private final ThreadCachedBufferPool pool;
        private final ByteBuffer buffer;
        private volatile int open = 1;

        Pooled(ThreadCachedBufferPool pool, ByteBuffer buffer) {
            this.pool = pool;
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getBuffer() {
            if (open == 0) {
                throw new IllegalStateException("the buffer was returned to its pool");
            }
            return buffer;
        }

        @Override
        public void close() {
            if (OPEN.compareAndSet(this, 1, 0)) {
                pool.release(buffer);
            }
        }

        @Override
        public boolean isOpen() {
            return open != 0;
        }

        @Override
        public String toString() {
            return "pooled " + buffer;
        }
    }
}
