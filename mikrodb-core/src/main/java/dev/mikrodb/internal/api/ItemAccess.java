package dev.mikrodb.internal.api;

import dev.mikrodb.Item;

/**
 * Creates {@link Item}s from stored bytes and reads their bytes back, for the engine and the wire codec, without
 * giving the public API a raw-bytes constructor (the JDK's "shared secrets" pattern): {@code Item} registers its
 * private parts here when its class initializes.
 */
public final class ItemAccess {
    /** What {@link Item} shares with the engine and the codec. */
    public interface Secrets {
        Item make(String key, byte[] json, long version, long timestamp, long expiration, long createRevision,
                  long modRevision);

        /** The stored bytes, not copied: read only. */
        byte[] json(Item item);
    }

    private static volatile Secrets secrets;

    private ItemAccess() {
    }

    /** Called once, by {@link Item}'s static initializer. */
    public static void register(Secrets s) {
        if (secrets != null) {
            throw new IllegalStateException("Item's secrets are registered already");
        }
        secrets = s;
    }

    /**
     * An item over {@code json}, which must be one valid UTF-8 JSON value; not copied, ownership passes to the item.
     *
     * @param expiration absolute epoch milliseconds, or 0 for none
     */
    public static Item item(String key, byte[] json, long version, long timestamp, long expiration) {
        return secrets().make(key, json, version, timestamp, expiration, 0, 0);
    }

    /** An item with its revisions (see {@link Item#createRevision()}). */
    public static Item item(String key, byte[] json, long version, long timestamp, long expiration,
                            long createRevision, long modRevision) {
        return secrets().make(key, json, version, timestamp, expiration, createRevision, modRevision);
    }

    /** The item's value bytes, shared with it: callers must not modify them. */
    public static byte[] json(Item item) {
        return secrets().json(item);
    }

    private static Secrets secrets() {
        Secrets s = secrets;
        if (s == null) {
            try {
                Class.forName(Item.class.getName(), true, Item.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            s = secrets;
        }
        return s;
    }
}
