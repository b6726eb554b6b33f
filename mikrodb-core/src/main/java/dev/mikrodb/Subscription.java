package dev.mikrodb;

/**
 * A change subscription. Closing it stops delivery: events still queued are dropped, and once {@link #close}
 * returns no event is delivered any more (it waits for a listener call in progress, interrupting it first, so a
 * caller may then read the last revision its listener saw and resume from it later).
 */
public interface Subscription extends AutoCloseable {
    /** Events discarded because this subscriber fell more than its queue capacity behind. */
    long droppedEvents();

    /**
     * The revision through which this subscription has delivered every change it selects: a subscriber that
     * resumes from here misses nothing. -1 when not known. Change streams send it as their {@code progress} event.
     */
    default long deliveredRevision() {
        return -1;
    }

    @Override
    void close();
}
