package dev.mikrodb.internal.crypto;

import dev.mikrodb.StorageException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the JDK's provider. Callers supply a nonce that is never reused with this key, built by
 * {@link #nonce}: a random 8-byte prefix per WAL segment (per table file) followed by the record counter (the
 * bucket number).
 */
public final class AesGcm {
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(AesGcm::newCipher);

    public AesGcm(byte[] keyBytes) {
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        Arrays.fill(keyBytes, (byte) 0);
    }

    /** Bytes of a nonce's random prefix; the counter fills the other 4. */
    public static final int NONCE_PREFIX_BYTES = 8;

    /** A nonce: {@code prefix} (random, {@link #NONCE_PREFIX_BYTES} bytes) followed by {@code counter}, big-endian. */
    public static byte[] nonce(byte[] prefix, int counter) {
        byte[] nonce = Arrays.copyOf(prefix, NONCE_BYTES);
        nonce[8] = (byte) (counter >>> 24);
        nonce[9] = (byte) (counter >>> 16);
        nonce[10] = (byte) (counter >>> 8);
        nonce[11] = (byte) counter;
        return nonce;
    }

    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Returns ciphertext followed by the 16-byte tag. */
    public byte[] encrypt(byte[] nonce, byte[] plaintext, byte[] aad) {
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new StorageException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts and authenticates.
     *
     * @throws AuthenticationFailedException when the key is wrong or the bytes were altered
     */
    public byte[] decrypt(byte[] nonce, byte[] ciphertext, int offset, int length, byte[] aad) {
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(ciphertext, offset, length);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException();
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException(); // malformed input (a bad nonce, say) fails the same way
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new StorageException("this JVM has no AES/GCM/NoPadding: " + e.getMessage(), e);
        }
    }

    /** The GCM tag did not verify: wrong key or tampered bytes. */
    public static final class AuthenticationFailedException extends RuntimeException {
        AuthenticationFailedException() {
            super("authentication tag mismatch", null, false, false);
        }
    }
}
