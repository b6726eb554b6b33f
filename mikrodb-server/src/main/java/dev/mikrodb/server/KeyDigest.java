package dev.mikrodb.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret held for comparison: its SHA-256, compared with {@link MessageDigest#isEqual}, which takes the same time
 * wherever the first difference is. Digests have one length, so neither the key's length nor any prefix of it can
 * be learned from timing. Public so the key-check benchmark measures the code the server runs.
 */
public final class KeyDigest {
    private final byte[] digest;

    public KeyDigest(String secret) {
        this.digest = sha256(secret);
    }

    public boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    public static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
