package dev.mikrodb;

/**
 * The write was appended to the log, but the fsync that would make it durable failed, so nobody can say whether it
 * survives a crash: the kernel may have dropped the dirty pages (PostgreSQL's "fsyncgate"). The database stops
 * accepting writes until it is reopened, when recovery reads back exactly what reached the disk. Until then reads may
 * still return this write.
 */
public final class WriteInDoubtException extends StorageException {
    public WriteInDoubtException(String message, Throwable cause) {
        super(message, cause);
    }
}
