/**
 * The typed HTTP client, {@link dev.mikrodb.client.MikroDBClient}: core's {@code MikroStore} over HTTP.
 *
 * <p><b>Threading.</b> A client is thread-safe and holds a connection pool: share one. Subscriptions deliver on a
 * background thread of their own. The {@code ...Async} methods of {@code http://} clients run at most 64 requests at
 * once in the JVM (a shared pool of daemon threads, each holding one connection for its round trip); more wait in
 * order, so a burst of thousands queues rather than opening as many sockets, which a server refuses past its
 * per-address limit. Callbacks may run on those threads: chain further async calls with {@code thenCompose}
 * rather than waiting on them with {@code join()} inside a callback.
 *
 * <p><b>Exceptions.</b> What the server refused arrives as core's exceptions ({@code ValidationException} for 400,
 * {@code VersionConflictException} for 409) or a {@link dev.mikrodb.client.ServerErrorException} subclass; a request
 * that never completed is a {@link dev.mikrodb.client.ConnectionException}, which says whether a write may have been
 * applied. All are {@code MikroDBException}s.
 */
package dev.mikrodb.client;
