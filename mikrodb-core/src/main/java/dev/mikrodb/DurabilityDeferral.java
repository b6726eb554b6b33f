package dev.mikrodb;

import java.util.concurrent.CompletableFuture;

/**
 * A scope, on one thread, in which commits that would wait for their fsync (durability {@code sync}, or a write with
 * {@code flushImmediately}) return as soon as they are in the log and memory, leaving the wait to
 * {@link #whenDurable()}. Made by {@link MikroDB#deferDurability()} for code that answers many writers from few
 * threads (a server's IO thread): instead of one thread blocked per writer, one background thread leads the fsyncs
 * and every write it covers is acknowledged together.
 *
 * <p>The writes are visible to readers before they are durable, as they are to other threads in {@code os}
 * durability; what the scope changes is only who waits. Whoever acknowledges a write made in the scope must do so
 * only when {@link #whenDurable()} completes. Close the scope on the thread that opened it.
 */
public interface DurabilityDeferral extends AutoCloseable {
    /** Whether a commit in this scope still needs an fsync before it may be acknowledged. */
    boolean hasPendingWrites();

    /**
     * Completes when every commit made in this scope so far is durable, at once when none needs to wait. Fails with
     * {@link WriteInDoubtException} when the fsync failed (the writes are in the log but may not survive a crash),
     * or {@link DatabaseClosedException} when the database closed before it could force them.
     */
    CompletableFuture<Void> whenDurable();

    /** Ends the scope: later commits on this thread wait for their fsync again. */
    @Override
    void close();
}
