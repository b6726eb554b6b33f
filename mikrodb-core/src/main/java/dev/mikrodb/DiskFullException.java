package dev.mikrodb;

/**
 * The file system has no space left (or the quota is exhausted). The operation that saw it did not take effect;
 * reads keep working, and writes succeed again once space is freed, without a restart.
 */
public final class DiskFullException extends StorageException {
    public DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
