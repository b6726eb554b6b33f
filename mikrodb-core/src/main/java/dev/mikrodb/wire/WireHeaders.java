package dev.mikrodb.wire;

/** The HTTP headers of the wire format, named once for the server and the client. */
public final class WireHeaders {
    /** An item's version, on {@code POST /get} by key. */
    public static final String VERSION = "X-MikroDB-Version";
    /** An item's write time, epoch milliseconds. */
    public static final String TIMESTAMP = "X-MikroDB-Timestamp";
    /** An item's expiration, epoch milliseconds; absent when it never expires. */
    public static final String EXPIRATION = "X-MikroDB-Expiration";
    /** The revision that created an item's key (in its current life). */
    public static final String CREATE_REVISION = "X-MikroDB-Create-Revision";
    /** The revision that wrote an item's version. */
    public static final String MOD_REVISION = "X-MikroDB-Mod-Revision";
    /** The database's current revision, on every response. */
    public static final String REVISION = "X-MikroDB-Revision";
    public static final String ETAG = "ETag";
    public static final String API_KEY = "X-API-Key";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    private WireHeaders() {
    }
}
