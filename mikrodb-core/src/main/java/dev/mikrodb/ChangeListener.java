package dev.mikrodb;

/**
 * Receives committed changes on a background thread owned by its subscription. An exception thrown here is logged
 * and the listener keeps receiving later events; it never fails or blocks a write.
 */
@FunctionalInterface
public interface ChangeListener {
    void onChange(ChangeEvent event) throws Exception;

    /**
     * Called once when the subscription ends because it cannot go on without a gap: it fell behind further than the
     * retained history ({@link HistoryCompactedException}), or a remote stream could not be resumed. No event
     * follows. The default does nothing (the end is logged either way).
     */
    default void onError(MikroDBException error) {
    }
}
