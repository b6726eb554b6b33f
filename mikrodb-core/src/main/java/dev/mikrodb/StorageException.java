package dev.mikrodb;

/** The file system failed under MikroDB (a write, fsync, rename or read). The operation that saw it did not take effect. */
public class StorageException extends MikroDBException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
