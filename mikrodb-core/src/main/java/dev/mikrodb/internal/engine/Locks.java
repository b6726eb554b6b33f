package dev.mikrodb.internal.engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's three locks, in the one order every thread takes them: {@link #checkpoint}, {@link #load},
 * {@link #commit}, then table scan locks in table-name order.
 *
 * <ul>
 *   <li>{@code checkpoint}: one checkpoint, eviction or table-file deletion at a time, so a table file is never
 *       replaced or deleted while another of them is in progress.</li>
 *   <li>{@code load}: one table load at a time, so a table is read from its file once.</li>
 *   <li>{@code commit}: every mutation of memory and the WAL, so version order, WAL order, memory order and event order
 *       are one and the same. Held briefly and never across I/O beyond a WAL append.</li>
 * </ul>
 */
final class Locks {
    final ReentrantLock checkpoint = new ReentrantLock();
    final ReentrantLock load = new ReentrantLock();
    final ReentrantLock commit = new ReentrantLock();
}
