package dev.mikrodb.internal.api;

import dev.mikrodb.RawJson;
import java.util.function.Function;

/**
 * Reads a {@link RawJson}'s checked bytes without copying them, for the engine (the JDK's "shared secrets" pattern,
 * as {@link ItemAccess}): {@code RawJson} registers its reader here when its class initializes.
 */
public final class RawJsonAccess {
    private static volatile Function<RawJson, byte[]> bytes;
    private static volatile Function<byte[], RawJson> maker;

    private RawJsonAccess() {
    }

    /** Called once, by {@link RawJson}'s static initializer. */
    public static void register(Function<RawJson, byte[]> reader) {
        if (bytes != null) {
            throw new IllegalStateException("RawJson's reader is registered already");
        }
        bytes = reader;
    }

    /** Called once, by {@link RawJson}'s static initializer: makes a value of bytes without checking them. */
    public static void registerMaker(Function<byte[], RawJson> unchecked) {
        if (maker != null) {
            throw new IllegalStateException("RawJson's maker is registered already");
        }
        maker = unchecked;
    }

    /**
     * A value of {@code json} as it is, not copied and not checked again: only for bytes
     * {@link dev.mikrodb.internal.json.CompactJson} found storable as they are, and that nothing changes after.
     */
    public static RawJson ofStorable(byte[] json) {
        if (maker == null) {
            RawJson.of("null"); // initializes the class, which registers the maker
        }
        return maker.apply(json);
    }

    /** The stored bytes, not copied: read only. */
    public static byte[] bytes(RawJson value) {
        // An instance exists, so its class has initialized and registered the reader.
        return bytes.apply(value);
    }
}
