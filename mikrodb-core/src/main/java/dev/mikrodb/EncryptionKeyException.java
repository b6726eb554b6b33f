package dev.mikrodb;

/** The encryption key does not fit the database: wrong key, key missing for an encrypted database, or key given for a plain one. */
public final class EncryptionKeyException extends MikroDBException {
    public EncryptionKeyException(String message) {
        super(message);
    }
}
