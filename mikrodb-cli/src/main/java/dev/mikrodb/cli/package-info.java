/**
 * The {@code mikrodb} launcher ({@link dev.mikrodb.cli.Main}): one-shot commands, the interactive shell and
 * {@code serve}. Commands run on the caller's thread. Every failure becomes a one-line message and an exit code
 * ({@link dev.mikrodb.cli.ExitCodes}); stack traces only with {@code --debug}.
 */
package dev.mikrodb.cli;
