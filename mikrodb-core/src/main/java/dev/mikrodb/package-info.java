/**
 * MikroDB's public API: {@link dev.mikrodb.MikroStore} (the operations), {@link dev.mikrodb.MikroDB} (the embedded
 * database), options, requests, items, queries and change events.
 *
 * <p><b>Threading.</b> A {@code MikroDB} is thread-safe: share one instance per directory among any number of
 * threads (one process may open a directory at a time). Writes are serialized internally; reads never block writers.
 * Value types ({@code Item}, {@code Query}, {@code WriteRequest}, {@code MikroOptions}, {@code ChangeEvent}) are
 * immutable. Change listeners run on a background thread per subscription, never on the writer's thread.
 *
 * <p><b>Exceptions.</b> Every failure is an unchecked {@link dev.mikrodb.MikroDBException}. Bad input is a
 * {@link dev.mikrodb.ValidationException} and changes nothing; a failed condition is a
 * {@link dev.mikrodb.VersionConflictException} and changes nothing; a file-system failure is a
 * {@link dev.mikrodb.StorageException} (a {@link dev.mikrodb.WriteInDoubtException} when the outcome of a write is
 * unknown); damaged files are a {@link dev.mikrodb.CorruptionException} naming file and offset, never garbage. A
 * {@code null} where an argument is required is a {@code NullPointerException} or a {@code ValidationException}.
 */
package dev.mikrodb;
