package dev.mikrodb.client.internal;

import dev.mikrodb.wire.WireHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Header names in lower case, the form {@link Http1Response} keys an answer's fields by. The names MikroDB's answers
 * carry are shared strings: a line's name is matched against them byte by byte, and a lookup under one of the
 * protocol's constants finds its lower-case form without building it, so reading an item's metadata allocates no
 * name.
 */
final class HeaderNames {
    /** The names MikroDB's answers and the client's lookups use, as they are usually spelled. */
    private static final String[] SPELLED = {
        "Content-Length", "Content-Type", "Connection", "Date", "Transfer-Encoding", "WWW-Authenticate", "Vary",
        "Server", "Location", WireHeaders.ETAG, WireHeaders.RETRY_AFTER, WireHeaders.VERSION, WireHeaders.TIMESTAMP,
        WireHeaders.EXPIRATION, WireHeaders.CREATE_REVISION, WireHeaders.MOD_REVISION, WireHeaders.REVISION,
        WireHeaders.API_KEY, WireHeaders.LAST_EVENT_ID,
    };
    /** {@link #SPELLED} in lower case: the shared strings a line's name is matched against. */
    private static final String[] KNOWN = new String[SPELLED.length];
    /** Each name as spelled, and in lower case, to its lower-case form. */
    private static final Map<String, String> LOWER = new HashMap<>();

    static {
        for (int i = 0; i < SPELLED.length; i++) {
            KNOWN[i] = lower(SPELLED[i]);
            LOWER.put(SPELLED[i], KNOWN[i]);
            LOWER.put(KNOWN[i], KNOWN[i]);
        }
    }

    private HeaderNames() {
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** {@code name} in lower case. */
    static String lowerCase(String name) {
        String known = LOWER.get(name);
        return known != null ? known : lower(name);
    }

    /**
     * The ISO-8859-1 bytes between {@code from} and {@code to} as a lower-case name: a shared string when it is a
     * known one in any case.
     */
    static String of(byte[] bytes, int from, int to) {
        int length = to - from;
        for (String known : KNOWN) {
            if (known.length() == length && matches(known, bytes, from)) {
                return known;
            }
        }
        return lower(new String(bytes, from, length, StandardCharsets.ISO_8859_1));
    }

    /** Whether the bytes at {@code from} spell {@code lowerCaseName} in any case (ASCII letters only). */
    private static boolean matches(String lowerCaseName, byte[] bytes, int from) {
        for (int i = 0; i < lowerCaseName.length(); i++) {
            int b = bytes[from + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
