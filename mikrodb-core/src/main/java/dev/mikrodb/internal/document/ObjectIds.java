package dev.mikrodb.internal.document;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generated document ids in MongoDB's ObjectId layout, as 24 hex characters: 4 bytes of seconds since the epoch, 5
 * random bytes fixed per process, and a 3-byte counter starting at a random value. Ids made later sort later (to the
 * second), and two processes do not collide.
 */
public final class ObjectIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS = new byte[5];
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static {
        RANDOM.nextBytes(PROCESS);
    }

    private ObjectIds() {
    }

    public static String next() {
        byte[] id = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, id, 4, 5);
        int counter = COUNTER.getAndIncrement();
        id[9] = (byte) (counter >>> 16);
        id[10] = (byte) (counter >>> 8);
        id[11] = (byte) counter;
        char[] out = new char[24];
        for (int i = 0; i < 12; i++) {
            out[2 * i] = HEX[(id[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[id[i] & 0xF];
        }
        return new String(out);
    }
}
