package dev.mikrodb;

/** A live change subscription. Closing it stops delivery; events already queued are dropped. */
public interface Subscription extends AutoCloseable {
    /** Events discarded because this subscriber fell more than its queue capacity behind. */
    long droppedEvents();

    @Override
    void close();
}
