/**
 * MikroDB as a JSON HTTP API: {@link dev.mikrodb.server.MikroServer} serves a {@code MikroStore};
 * {@link dev.mikrodb.server.ServerMain} runs one from configuration.
 *
 * <p><b>Threading.</b> A server is thread-safe; {@code stop()} may be called from any thread, once or more. Requests
 * run on Undertow's worker threads, never on its IO threads.
 *
 * <p><b>Exceptions.</b> Starting fails with a {@code ConfigurationException} for bad settings and a
 * {@link dev.mikrodb.server.ServerStartException} when the address cannot be bound. While serving, every failure is
 * answered as JSON {@code {"error": "..."}} with a status code; none escapes to Undertow.
 */
package dev.mikrodb.server;
