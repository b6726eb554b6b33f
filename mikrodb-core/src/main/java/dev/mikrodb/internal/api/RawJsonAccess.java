package dev.mikrodb.internal.api;

import dev.mikrodb.RawJson;
import java.util.function.Function;

/**
 * Reads a {@link RawJson}'s checked bytes without copying them, for the engine (the JDK's "shared secrets" pattern,
 * as {@link ItemAccess}): {@code RawJson} registers its reader here when its class initializes.
 */
public final class RawJsonAccess {
    private static volatile Function<RawJson, byte[]> bytes;

    private RawJsonAccess() {
    }

    /** Called once, by {@link RawJson}'s static initializer. */
    public static void register(Function<RawJson, byte[]> reader) {
        if (bytes != null) {
            throw new IllegalStateException("RawJson's reader is registered already");
        }
        bytes = reader;
    }

    /** The stored bytes, not copied: read only. */
    public static byte[] bytes(RawJson value) {
        // An instance exists, so its class has initialized and registered the reader.
        return bytes.apply(value);
    }
}
