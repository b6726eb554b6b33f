package dev.mikrodb;

/**
 * Receives committed changes on a background thread owned by its subscription. An exception thrown here is logged
 * and the listener keeps receiving later events; it never fails or blocks a write.
 */
@FunctionalInterface
public interface ChangeListener {
    void onChange(ChangeEvent event) throws Exception;
}
