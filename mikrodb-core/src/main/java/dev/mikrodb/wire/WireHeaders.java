package dev.mikrodb.wire;

/** The HTTP headers of the wire format, named once for the server and the client. */
public final class WireHeaders {
    /** An item's version, on {@code POST /get} by key. */
    public static final String VERSION = "X-MikroDB-Version";
    /** An item's write time, epoch milliseconds. */
    public static final String TIMESTAMP = "X-MikroDB-Timestamp";
    /** An item's expiration, epoch milliseconds; absent when it never expires. */
    public static final String EXPIRATION = "X-MikroDB-Expiration";
    public static final String ETAG = "ETag";
    public static final String API_KEY = "X-API-Key";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    private WireHeaders() {
    }
}
