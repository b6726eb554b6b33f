/**
 * The wire format shared by the server, the client and the shell (exported to those modules only, not part of the
 * public API): items, change events, write requests, query options, header names and the strict parser for JSON
 * that users send. Stateless and thread-safe; malformed input is a {@link dev.mikrodb.ValidationException}.
 */
package dev.mikrodb.wire;
