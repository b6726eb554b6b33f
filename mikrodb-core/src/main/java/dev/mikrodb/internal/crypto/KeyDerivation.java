package dev.mikrodb.internal.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * scrypt (BouncyCastle's lightweight API) from the passphrase and the database's random salt to the AES-256 key.
 * The cost parameters are stored in the metadata file so they can be raised later without breaking old databases.
 */
public final class KeyDerivation {
    /** 2^15 x 8 x 128 bytes = 32 MiB of memory and about 0.1 s per open on this class of machine. */
    public static final int DEFAULT_LOG_N = 15;
    public static final int DEFAULT_R = 8;
    public static final int DEFAULT_P = 1;
    public static final int SALT_BYTES = 16;

    private KeyDerivation() {
    }

    public static byte[] scrypt(String passphrase, byte[] salt, int logN, int r, int p) {
        byte[] password = passphrase.getBytes(StandardCharsets.UTF_8);
        return SCrypt.generate(password, salt, 1 << logN, r, p, AesGcm.KEY_BYTES);
    }
}
