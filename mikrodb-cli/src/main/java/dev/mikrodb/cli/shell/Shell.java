package dev.mikrodb.cli.shell;

import dev.mikrodb.cli.Commands;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.cli.StoreOptions;
import dev.mikrodb.cli.commands.ExitCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * The {@code mikrodb>} shell. On a terminal: JLine line editing, completion, history in {@code ~/.mikrodb_history},
 * multi-line JSON, Ctrl-C cancels the line (or stops {@code watch}), Ctrl-D exits. Otherwise it reads commands from
 * standard input line by line and prints only results and errors; its exit code is that of the last failed command.
 */
public final class Shell {
    private final Session session;
    private final CommandLine commands;

    Shell(Session session, PrintWriter out, PrintWriter err) {
        this.session = session;
        this.commands = Commands.shell(session, out, err);
    }

    /** Opens the store given by {@code options} and runs the shell on it. */
    public static int start(StoreOptions options, Session parent) {
        return start(options, parent, false);
    }

    /** The shell; with {@code bail}, a script stops at its first failing command. */
    public static int start(StoreOptions options, Session parent, boolean bail) {
        Session session = parent.forShell();
        PrintWriter out = session.output().out();
        try {
            session.open(options);
        } catch (RuntimeException e) {
            return ExitCodes.report(e, session.output(), session.debug());
        }
        try {
            Shell shell = new Shell(session, out, new PrintWriter(System.err, true, StandardCharsets.UTF_8));
            shell.session.bail(bail);
            return session.output().pretty() ? shell.interactive() : shell.script(new BufferedReader(
                    new InputStreamReader(session.input(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return ExitCodes.report(e, session.output(), session.debug());
        } finally {
            try {
                session.close();
            } catch (RuntimeException e) {
                ExitCodes.report(e, session.output(), session.debug());
            }
        }
    }

    /** Runs one command's words; returns its exit code, or {@link ExitCommand#LEAVE}. */
    int execute(List<String> words) {
        if (words.isEmpty()) {
            return ExitCodes.OK;
        }
        long started = System.nanoTime();
        long waitedBefore = session.output().pagerWaitNanos();
        int code = commands.execute(words.toArray(String[]::new));
        if (session.timing() && code != ExitCommand.LEAVE) {
            long waited = session.output().pagerWaitNanos() - waitedBefore; // the reader's time at the pager
            session.output().notice(String.format("time: %.1f ms", (System.nanoTime() - started - waited) / 1e6));
        }
        return code;
    }

    /**
     * Commands from a script or pipe; multi-line JSON is joined until its brackets close. Errors name their line;
     * with {@code bail} the first failing command ends the script with its exit code.
     */
    int script(BufferedReader in) throws IOException {
        int lastFailure = ExitCodes.OK;
        StringBuilder pending = new StringBuilder();
        String line;
        int lineNumber = 0;
        int startLine = 0;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (pending.length() == 0) {
                startLine = lineNumber;
            }
            pending.append(pending.length() > 0 ? "\n" : "").append(line);
            LineTokenizer.Result tokens = LineTokenizer.tokenize(pending.toString());
            if (!tokens.complete()) {
                continue;
            }
            pending.setLength(0);
            if (tokens.words().isEmpty() || tokens.words().get(0).text().startsWith("#")) {
                continue;
            }
            session.output().context("line " + startLine);
            int code;
            try {
                code = execute(tokens.texts());
            } finally {
                session.output().context(null);
            }
            if (code == ExitCommand.LEAVE) {
                break;
            }
            if (code != ExitCodes.OK) {
                lastFailure = code;
                if (session.bail()) {
                    session.output().error("stopped at line " + startLine + " (bail on)");
                    return code;
                }
            }
        }
        if (pending.length() > 0) {
            session.output().error("input ended inside unfinished JSON or a quote: " + pending);
            lastFailure = ExitCodes.BAD_INPUT;
        }
        return lastFailure;
    }

    /**
     * Where the shell is: {@code mikrodb local:data> } for a directory, {@code mikrodb 127.0.0.1:3000> } for a
     * server, with {@code /inventory} after {@code use inventory}.
     */
    String prompt() {
        String db = session.database();
        String where = session.description() == null ? "" : " " + shortPlace(session.description());
        return "mikrodb" + where + (db.equals("default") ? "" : "/" + db) + "> ";
    }

    private static String shortPlace(String description) {
        if (description.startsWith("local ")) {
            Path p = Path.of(description.substring(6)).getFileName();
            return "local:" + (p == null ? description.substring(6) : p);
        }
        String url = description.startsWith("remote ") ? description.substring(7) : description;
        return url.replaceFirst("^https?://", "").replaceAll("/+$", "");
    }

    private int interactive() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("mikrodb")
                    .parser(new ShellParser())
                    .completer(new ShellCompleter(commands, session))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".mikrodb_history"))
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "    ...> ")
                    .build();
            Thread shellThread = Thread.currentThread();
            // Ctrl-C while a command runs (watch, a long query): interrupt it, not the whole JVM.
            terminal.handle(Terminal.Signal.INT, signal -> shellThread.interrupt());
            session.output().pageWith(new TerminalPager(terminal));
            session.output().info("MikroDB shell on " + session.description() + ". Type 'help' for commands, "
                    + "Tab to complete, Ctrl-D to exit.");
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C cancels the line
                } catch (EndOfFileException e) {
                    break; // Ctrl-D
                }
                Thread.interrupted(); // a Ctrl-C that arrived between commands
                int code = execute(LineTokenizer.tokenize(line).texts());
                if (code == ExitCommand.LEAVE) {
                    break;
                }
            }
            reader.getHistory().save();
        }
        return ExitCodes.OK;
    }
}
