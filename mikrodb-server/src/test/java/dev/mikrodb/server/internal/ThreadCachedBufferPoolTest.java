package dev.mikrodb.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's network buffers: each on loan to one holder at a time, returned once, cleared when lent again. */
class ThreadCachedBufferPoolTest {

    @Test
    void aReturnedBufferIsLentAgainClearedAndOnlyOnceHowEverOftenItIsClosed() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(false, 64, 2, 2);
        PooledByteBuffer first = pool.allocate();
        ByteBuffer buffer = first.getBuffer();
        assertEquals(64, buffer.capacity());
        buffer.put((byte) 7).flip();
        first.close();
        first.close(); // a second close must not put the buffer in the pool twice
        assertFalse(first.isOpen());
        assertThrows(IllegalStateException.class, first::getBuffer);

        PooledByteBuffer again = pool.allocate();
        PooledByteBuffer other = pool.allocate();
        assertSame(buffer, again.getBuffer(), "the thread's own cache lends it again");
        assertNotSame(buffer, other.getBuffer(), "a buffer closed twice was pooled once");
        assertEquals(0, again.getBuffer().position());
        assertEquals(64, again.getBuffer().limit(), "lent cleared");
        again.close();
        other.close();
    }

    @Test
    void noBufferIsLentToTwoHoldersAcrossThreads() throws Exception {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(true, 128, 4, 8);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            Set<ByteBuffer> lent = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
            List<PooledByteBuffer> handOver = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                byte mark = (byte) t;
                runs.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        PooledByteBuffer p = pool.allocate();
                        ByteBuffer b = p.getBuffer();
                        if (!lent.add(b)) {
                            throw new AssertionError("a buffer lent twice at once");
                        }
                        while (b.hasRemaining()) {
                            b.put(mark);
                        }
                        for (int at = 0; at < b.capacity(); at++) {
                            if (b.get(at) != mark) {
                                throw new AssertionError("another holder wrote into a lent buffer");
                            }
                        }
                        lent.remove(b);
                        if (i % 3 == 0) {
                            handOver.add(p); // released later by whichever thread takes it: another thread's cache
                        } else {
                            p.close();
                        }
                        PooledByteBuffer passed = handOver.isEmpty() ? null : removeAny(handOver);
                        if (passed != null) {
                            passed.close();
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertTrue(pool.allocate().getBuffer().isDirect());
    }

    @Test
    void theArrayBackedPoolLendsHeapBuffersAndAClosedPoolLendsNothing() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(true, 256, 1, 1);
        assertTrue(pool.isDirect());
        assertEquals(256, pool.getBufferSize());
        PooledByteBuffer heap = pool.getArrayBackedPool().allocate();
        assertFalse(heap.getBuffer().isDirect());
        assertTrue(heap.getBuffer().hasArray());
        heap.close();
        PooledByteBuffer held = pool.allocate();
        pool.close();
        held.close(); // returning a buffer after the close is harmless
        assertThrows(IllegalStateException.class, pool::allocate);
        assertThrows(IllegalStateException.class, () -> pool.getArrayBackedPool().allocate());
        assertThrows(IllegalArgumentException.class, () -> new ThreadCachedBufferPool(false, 0, 1, 1));
    }

    private static PooledByteBuffer removeAny(List<PooledByteBuffer> list) {
        synchronized (list) {
            return list.isEmpty() ? null : list.remove(list.size() - 1);
        }
    }
}
