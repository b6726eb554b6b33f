package dev.mikrodb;

/** An operation was attempted on a store after {@code close()}. */
public final class DatabaseClosedException extends MikroDBException {
    public DatabaseClosedException(String message) {
        super(message);
    }
}
