package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.crypto.KeyDerivation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * {@code mikrodb.meta}: format version, and for an encrypted database the scrypt salt and parameters and a key check
 * value. Layout in docs/file-format.md. Written once, when the database is created.
 */
public final class MetaFile {
    public static final String FILE_NAME = "mikrodb.meta";
    static final int MAGIC = 0x4D4B4442; // "MKDB"
    public static final int FORMAT_VERSION = 1;
    static final int FLAG_ENCRYPTED = 1;
    static final int KDF_SCRYPT = 1;
    private static final byte[] CHECK_PLAINTEXT = new byte[32];
    private static final byte[] CHECK_AAD = "mikrodb key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MetaFile() {
    }

    /**
     * Opens (or, for a new database, creates) the metadata and returns the cipher for the database, or null when it
     * is not encrypted.
     *
     * @param hasData whether the directory already holds tables or a WAL; such a directory must have metadata
     */
    public static AesGcm openOrCreate(FileLayer files, Path directory, String passphrase, boolean hasData)
            throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!files.exists(file)) {
            if (hasData) {
                throw new CorruptionException(file, 0, "metadata file is missing but the directory holds data");
            }
            return create(files, directory, passphrase);
        }
        return open(file, files.readAll(file), passphrase);
    }

    private static AesGcm create(FileLayer files, Path directory, String passphrase) throws IOException {
        ByteWriter w = new ByteWriter(96);
        w.i32(MAGIC).u16(FORMAT_VERSION);
        AesGcm cipher = null;
        if (passphrase == null) {
            w.u16(0);
        } else {
            byte[] salt = AesGcm.randomBytes(KeyDerivation.SALT_BYTES);
            int logN = KeyDerivation.DEFAULT_LOG_N;
            int r = KeyDerivation.DEFAULT_R;
            int p = KeyDerivation.DEFAULT_P;
            cipher = new AesGcm(KeyDerivation.scrypt(passphrase, salt, logN, r, p));
            byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
            byte[] check = cipher.encrypt(nonce, CHECK_PLAINTEXT, CHECK_AAD);
            w.u16(FLAG_ENCRYPTED).u8(KDF_SCRYPT).u8(logN).u8(r).u8(p).bytes(salt).bytes(nonce).bytes(check);
        }
        w.i32(Checksums.crc32c(w.array(), 0, w.length()));
        Path target = directory.resolve(FILE_NAME);
        Path temp = directory.resolve(FILE_NAME + ".tmp");
        try (StorageFile out = files.create(temp)) {
            out.write(ByteBuffer.wrap(w.array(), 0, w.length()));
            out.force();
        }
        files.moveAtomically(temp, target);
        files.syncDirectory(directory);
        return cipher;
    }

    static AesGcm open(Path file, byte[] data, String passphrase) {
        if (data.length < 12) {
            throw new CorruptionException(file, 0, "metadata file is " + data.length + " bytes, too short");
        }
        int stored = new ByteReader(data, data.length - 4, data.length).i32();
        if (stored != Checksums.crc32c(data, 0, data.length - 4)) {
            throw new CorruptionException(file, data.length - 4, "metadata checksum mismatch");
        }
        ByteReader r = new ByteReader(data, 0, data.length - 4);
        if (r.i32() != MAGIC) {
            throw new CorruptionException(file, 0, "not a MikroDB metadata file (bad magic)");
        }
        int version = r.u16();
        if (version != FORMAT_VERSION) {
            throw new CorruptionException(file, 4, "unsupported format version " + version
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
        boolean encrypted = (r.u16() & FLAG_ENCRYPTED) != 0;
        if (!encrypted) {
            if (passphrase != null) {
                throw new EncryptionKeyException("database in " + file.getParent()
                        + " is not encrypted, but an encryption key was given; open it without a key");
            }
            return null;
        }
        if (passphrase == null) {
            throw new EncryptionKeyException("database in " + file.getParent()
                    + " is encrypted; an encryption key is required to open it");
        }
        try {
            int kdf = r.u8();
            if (kdf != KDF_SCRYPT) {
                throw new CorruptionException(file, 8, "unknown key derivation function " + kdf);
            }
            int logN = r.u8();
            int rr = r.u8();
            int p = r.u8();
            byte[] salt = r.bytes(KeyDerivation.SALT_BYTES);
            byte[] nonce = r.bytes(AesGcm.NONCE_BYTES);
            byte[] check = r.bytes(CHECK_PLAINTEXT.length + AesGcm.TAG_BYTES);
            AesGcm cipher = new AesGcm(KeyDerivation.scrypt(passphrase, salt, logN, rr, p));
            try {
                cipher.decrypt(nonce, check, 0, check.length, CHECK_AAD);
            } catch (AesGcm.AuthenticationFailedException e) {
                throw new EncryptionKeyException("wrong encryption key for database in " + file.getParent());
            }
            return cipher;
        } catch (ByteReader.ShortReadException e) {
            throw new CorruptionException(file, e.offset, "metadata file is truncated");
        }
    }
}
