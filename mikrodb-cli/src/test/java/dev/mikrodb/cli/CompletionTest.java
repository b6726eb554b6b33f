package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.cli.shell.ShellCompleter;
import dev.mikrodb.cli.shell.ShellParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.EOFError;
import org.jline.reader.Parser;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JLine completion of commands, options and table names, and multi-line continuation. */
class CompletionTest {
    @TempDir
    Path dir;

    private List<String> complete(ShellCompleter completer, String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new ShellParser().parse(line, line.length(), Parser.ParseContext.COMPLETE),
                candidates);
        return candidates.stream().map(Candidate::value).sorted().toList();
    }

    /** A shell session on a local directory holding the tables {@code users} and {@code orders}. */
    private interface ShellWork {
        void run(Session session, CommandLine commands);
    }

    private void inShell(ShellWork work) {
        StringWriter sink = new StringWriter();
        Output output = new Output(new PrintWriter(sink), new PrintWriter(sink), false, false);
        try (Session session = new Session(output, Map.of(), System.in, true, false)) {
            session.openDirectory(dir, null, true);
            session.store(null).write("users", "u", 1);
            session.store(null).write("orders", "o", 1);
            work.run(session, Commands.shell(session, new PrintWriter(sink), new PrintWriter(sink)));
        }
    }

    @Test
    void completesCommandsOptionsAndTables() {
        inShell((session, commands) -> {
            ShellCompleter completer = new ShellCompleter(commands, session);
            List<String> all = complete(completer, "");
            assertTrue(all.containsAll(List.of("get", "write", "put", "query", "watch", "open", "connect", "help",
                    "exit")), all.toString());
            assertEquals(List.of("orders", "users"), complete(completer, "get "));
            assertEquals(List.of("orders", "users"), complete(completer, "query u"));
            assertTrue(complete(completer, "write users k 1 --").contains("--expectedVersion"));
            assertTrue(complete(completer, "query users --").containsAll(List.of("--sort", "--limit", "--table")));
            assertEquals(List.of(), complete(completer, "tables x"));
            List<String> getOptions = complete(completer, "get users u --");
            assertTrue(getOptions.stream().noneMatch(o -> List.of("--dir", "--url", "--apiKey", "--encryptionKey")
                    .contains(o)), "options the shell refuses are not offered: " + getOptions);
            assertTrue(complete(completer, "help wr").contains("write"), "help completes command names");
            assertTrue(complete(completer, "open " + dir.getParent() + "/").contains(dir.getParent() + "/"
                    + dir.getFileName() + "/"), "open completes directories");
        });
    }

    @Test
    void everyOptionAndArgumentOfEveryShellCommandIsDescribedAndDescriptionsFormOneColumn() {
        inShell((session, commands) -> {
            List<String> undescribed = new ArrayList<>();
            commands.getSubcommands().forEach((name, command) -> {
                for (var option : command.getCommandSpec().options()) {
                    if (option.description().length == 0 || option.description()[0].isBlank()) {
                        undescribed.add(name + " " + option.longestName());
                    }
                }
                for (var parameter : command.getCommandSpec().positionalParameters()) {
                    if (parameter.description().length == 0 || parameter.description()[0].isBlank()) {
                        undescribed.add(name + " " + parameter.paramLabel());
                    }
                }
            });
            assertEquals(List.of(), undescribed, "options and arguments without a description");

            ShellCompleter completer = new ShellCompleter(commands, session);
            for (String line : List.of("", "query users --", "get ")) {
                List<Candidate> candidates = new ArrayList<>();
                completer.complete(null, new ShellParser().parse(line, line.length(), Parser.ParseContext.COMPLETE),
                        candidates);
                assertTrue(candidates.stream().allMatch(c -> c.descr() != null && !c.descr().isBlank()),
                        "every candidate of '" + line + "' has a description");
                assertEquals(1, candidates.stream().map(c -> c.displ().length()).distinct().count(),
                        "one width for '" + line + "', so descriptions line up");
            }
        });
    }

    @Test
    void enterInsideOpenJsonAsksForMore() {
        assertThrows(EOFError.class, () -> new ShellParser().parse("write t k {\"a\": [1,", 18,
                Parser.ParseContext.ACCEPT_LINE));
        assertEquals(4, new ShellParser().parse("write t k {\"a\": 1}", 5, Parser.ParseContext.ACCEPT_LINE)
                .words().size());
    }
}
