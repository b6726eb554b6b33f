package dev.mikrodb.wire;

import java.nio.charset.StandardCharsets;

/**
 * The answer to a single write, {@code {"success":true,"version":N}}: written by the server and read by the client
 * without a JSON tree on either side, since it is the most frequent answer there is (a Jackson parse of it was a
 * tenth of the client's time per write in remote YCSB A).
 */
public final class WriteAnswer {
    private static final String PREFIX_TEXT = "{\"success\":true,\"version\":";
    private static final byte[] PREFIX = PREFIX_TEXT.getBytes(StandardCharsets.US_ASCII);
    /** Digits that cannot overflow a long. */
    private static final int MAX_DIGITS = 18;

    private WriteAnswer() {
    }

    /** The answer for a write that made version {@code version}: the bytes Jackson would write for it. */
    public static byte[] of(long version) {
        return (PREFIX_TEXT + version + "}").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The version in an answer written exactly as {@link #of} writes it, or -1 for any other body (the caller then
     * reads it as JSON, which gives a malformed one its usual error).
     */
    public static long versionOf(byte[] body) {
        int digits = body.length - PREFIX.length - 1;
        if (digits < 1 || digits > MAX_DIGITS || body[body.length - 1] != '}') {
            return -1;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (body[i] != PREFIX[i]) {
                return -1;
            }
        }
        long version = 0;
        for (int i = PREFIX.length; i < body.length - 1; i++) {
            int d = body[i] - '0';
            if (d < 0 || d > 9 || (d == 0 && i == PREFIX.length && digits > 1)) {
                return -1;
            }
            version = version * 10 + d;
        }
        return version;
    }
}
