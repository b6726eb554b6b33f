package dev.mikrodb.cli;

import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import picocli.CommandLine;

/**
 * The exit codes of every command, and the one place that turns an exception into a one-line message and a code.
 * 0 success; 1 not found or version conflict; 2 bad input (arguments, JSON, names, keys, configuration); 3 any other
 * failure (storage, connection, server).
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int NOT_FOUND_OR_CONFLICT = 1;
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 3;

    private ExitCodes() {
    }

    /** Prints {@code error: ...} (with the stack trace only when debugging) and returns the exit code. */
    public static int report(Throwable e, Output output, boolean debug) {
        int code;
        String message;
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption()
                && !u.getUnmatched().isEmpty() && u.getCommandLine().getParent() == null) {
            code = BAD_INPUT;
            message = "unknown command '" + u.getUnmatched().get(0) + "'; type 'help' for the list of commands";
        } else if (e instanceof CommandLine.ParameterException p) {
            code = BAD_INPUT;
            message = p.getMessage() + " (see 'help " + p.getCommandLine().getCommandName() + "')";
        } else if (e instanceof VersionConflictException) {
            code = NOT_FOUND_OR_CONFLICT;
            message = e.getMessage();
        } else if (e instanceof ValidationException || e instanceof EncryptionKeyException) {
            code = BAD_INPUT;
            message = e.getMessage();
        } else if (e instanceof dev.mikrodb.MikroDBException) {
            code = FAILURE;
            message = e.getMessage();
        } else {
            code = FAILURE;
            message = "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()) + (debug ? "" : " (run with --debug for details)");
        }
        output.error(message);
        if (debug) {
            output.stackTrace(e);
        }
        return code;
    }
}
