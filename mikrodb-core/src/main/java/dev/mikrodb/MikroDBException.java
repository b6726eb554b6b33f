package dev.mikrodb;

/**
 * Root of every exception MikroDB throws. Unchecked: callers catch the specific subclass they can act on
 * ({@link VersionConflictException}, {@link ValidationException}, ...) and let the rest propagate.
 */
public class MikroDBException extends RuntimeException {
    public MikroDBException(String message) {
        super(message);
    }

    public MikroDBException(String message, Throwable cause) {
        super(message, cause);
    }
}
