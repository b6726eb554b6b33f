/**
 * The typed HTTP client, {@link dev.mikrodb.client.MikroDBClient}: core's {@code MikroStore} over HTTP.
 *
 * <p><b>Threading.</b> A client is thread-safe and holds a connection pool: share one. Subscriptions deliver on a
 * background thread of their own.
 *
 * <p><b>Exceptions.</b> What the server refused arrives as core's exceptions ({@code ValidationException} for 400,
 * {@code VersionConflictException} for 409) or a {@link dev.mikrodb.client.ServerErrorException} subclass; a request
 * that never completed is a {@link dev.mikrodb.client.ConnectionException}, which says whether a write may have been
 * applied. All are {@code MikroDBException}s.
 */
package dev.mikrodb.client;
