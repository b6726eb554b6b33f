package dev.mikrodb.cli.shell;

import dev.mikrodb.cli.Session;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Completes command names, each command's options (from picocli), and table names (from the open store). */
public final class ShellCompleter implements Completer {
    /** Commands whose first argument is a table name. */
    static final Set<String> TABLE_FIRST = Set.of("get", "write", "put", "delete", "query", "size", "drop", "dump",
            "watch");

    private final CommandLine commands;
    private final Session session;

    public ShellCompleter(CommandLine commands, Session session) {
        this.commands = commands;
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            for (var entry : commands.getSubcommands().entrySet()) {
                candidates.add(new Candidate(entry.getKey(), entry.getKey(), null,
                        first(entry.getValue().getCommandSpec().usageMessage().description()), null, null, true));
            }
            return;
        }
        CommandLine command = commands.getSubcommands().get(words.get(0));
        if (command == null) {
            return;
        }
        String word = line.word();
        if (word.startsWith("-")) {
            CommandSpec spec = command.getCommandSpec();
            for (OptionSpec option : spec.options()) {
                for (String name : option.names()) {
                    candidates.add(new Candidate(name, name, null, first(option.description()), null, null, true));
                }
            }
            return;
        }
        if (index == 1 && TABLE_FIRST.contains(words.get(0)) && session.isOpen()) {
            try {
                for (String table : session.store(null).tables()) {
                    candidates.add(new Candidate(table));
                }
            } catch (RuntimeException e) {
                // completion must never break the line being typed
            }
        }
    }

    private static String first(String[] lines) {
        return lines == null || lines.length == 0 ? null : lines[0];
    }
}
