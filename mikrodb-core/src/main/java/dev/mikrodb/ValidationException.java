package dev.mikrodb;

/** Input was rejected before anything was changed: a bad table name, key, value, filter or option. */
public class ValidationException extends MikroDBException {
    public ValidationException(String message) {
        super(message);
    }
}
