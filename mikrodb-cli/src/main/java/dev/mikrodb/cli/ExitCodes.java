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
        return report(e, output, debug, true);
    }

    /**
     * As {@link #report(Throwable, Output, boolean)}; {@code shell} chooses how to point at help: {@code help CMD}
     * in the shell, {@code bin/mikrodb CMD --help} on the command line.
     */
    public static int report(Throwable e, Output output, boolean debug, boolean shell) {
        int code;
        String message;
        java.nio.file.FileSystemException file = fileProblem(e);
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption()
                && !u.getUnmatched().isEmpty() && u.getCommandLine().getParent() == null) {
            code = BAD_INPUT;
            String typed = u.getUnmatched().get(0);
            message = "unknown command '" + typed + "'" + didYouMean(typed, u.getCommandLine().getSubcommands()
                    .keySet()) + "; " + (shell ? "type 'help' for the list of commands"
                    : "run 'bin/mikrodb --help' for the list of commands");
        } else if (e instanceof CommandLine.ParameterException p && p.getMessage() != null
                && p.getMessage().startsWith("Unknown subcommand '")) { // from 'help foo'
            code = BAD_INPUT;
            String typed = p.getMessage().replaceAll("^Unknown subcommand '(.*)'\\.?$", "$1");
            CommandLine root = p.getCommandLine();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            message = "no command '" + typed + "'" + didYouMean(typed, root.getSubcommands().keySet()) + "; "
                    + (shell ? "type 'help' for the list of commands"
                    : "run 'bin/mikrodb --help' for the list of commands");
        } else if (e instanceof CommandLine.ParameterException p) {
            code = BAD_INPUT;
            String suggestion = "";
            if (p instanceof CommandLine.UnmatchedArgumentException u && u.isUnknownOption()
                    && !u.getUnmatched().isEmpty()) {
                suggestion = didYouMean(u.getUnmatched().get(0), p.getCommandLine().getCommandSpec().optionsMap()
                        .keySet());
            }
            CommandLine cmd = p.getCommandLine();
            String name = cmd.getParent() == null ? null : cmd.getCommandName();
            String help = shell ? (name == null ? "type 'help'" : "see 'help " + name + "'")
                    : (name == null ? "see 'bin/mikrodb --help'" : "see 'bin/mikrodb " + name + " --help'");
            message = plainPicocli(lowerFirst(p.getMessage())) + suggestion + " (" + help + ")";
        } else if (e instanceof VersionConflictException) {
            code = NOT_FOUND_OR_CONFLICT;
            message = e.getMessage();
        } else if (e instanceof ValidationException || e instanceof EncryptionKeyException) {
            code = BAD_INPUT;
            message = e.getMessage();
        } else if (e instanceof dev.mikrodb.MikroDBException) {
            code = FAILURE;
            message = e.getMessage();
        } else if (file != null) {
            // a path the user gave that does not lead anywhere is bad input; denied access, a full disk and the
            // like are failures
            code = file instanceof java.nio.file.NoSuchFileException
                    || file instanceof java.nio.file.NotDirectoryException ? BAD_INPUT : FAILURE;
            message = fileMessage(file);
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

    /** The file system's complaint about a path, directly or wrapped as unchecked; null for anything else. */
    private static java.nio.file.FileSystemException fileProblem(Throwable e) {
        Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
        return cause instanceof java.nio.file.FileSystemException f ? f : null;
    }

    /** The path and what is wrong with it, in words rather than the exception's class name. */
    static String fileMessage(java.nio.file.FileSystemException f) {
        String path = f.getFile() == null ? "a file" : f.getFile();
        if (f instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + path;
        }
        if (f instanceof java.nio.file.NotDirectoryException) {
            return "not a directory: " + path;
        }
        if (f instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + path;
        }
        if (f instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists: " + path;
        }
        return "cannot use " + path + (f.getReason() == null ? "" : ": " + f.getReason());
    }

    /** {@code  (did you mean 'write'?)} when one known name is within two edits of what was typed, else empty. */
    static String didYouMean(String typed, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(typed.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** picocli's wording in this tool's: numbers, extra arguments. */
    static String plainPicocli(String m) {
        return m.replaceAll("is not an? (long|int|integer|short)\\b", "is not a whole number")
                .replaceAll("is not an? (double|float)\\b", "is not a number")
                .replaceAll("^unmatched argument at index \\d+: ", "unexpected extra argument ")
                .replaceAll("^unmatched arguments from index \\d+: ", "unexpected extra arguments ");
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() || (s.length() > 1 && Character.isUpperCase(s.charAt(1))) ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
