package dev.mikrodb;

/**
 * A backup archive is incomplete or damaged: truncated, a file's SHA-256 or size differs from the manifest, a file
 * is missing or unexpected, or the copy does not open. Nothing is restored from such a backup.
 */
public final class BackupVerificationException extends StorageException {
    private final String entry;

    public BackupVerificationException(String message, String entry) {
        super(message);
        this.entry = entry;
    }

    public BackupVerificationException(String message, String entry, Throwable cause) {
        super(message, cause);
        this.entry = entry;
    }

    /** The file inside the backup that failed, or null when the archive as a whole is unreadable. */
    public String entry() {
        return entry;
    }
}
