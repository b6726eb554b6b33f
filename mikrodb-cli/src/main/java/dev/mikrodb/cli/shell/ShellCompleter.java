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
            "watch", "ls", "export", "import");
    /** Where-the-store-is options: the shell refuses them ('open' and 'connect' switch stores instead). */
    static final Set<String> ONE_SHOT_ONLY = Set.of("--dir", "--url", "--apiKey", "--encryptionKey", "--user",
            "--cacert", "--timeout");

    private final CommandLine commands;
    private final Session session;

    public ShellCompleter(CommandLine commands, Session session) {
        this.commands = commands;
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<Candidate> found = new java.util.ArrayList<>();
        collect(line, found);
        candidates.addAll(aligned(found));
    }

    /**
     * The candidates with their shown names padded to one width, so that JLine lists the descriptions in one straight
     * column instead of each right after its name.
     */
    static List<Candidate> aligned(List<Candidate> found) {
        int width = 0;
        for (Candidate c : found) {
            width = Math.max(width, c.displ().length());
        }
        List<Candidate> result = new java.util.ArrayList<>(found.size());
        for (Candidate c : found) {
            String shown = c.descr() == null ? c.displ() : String.format("%-" + width + "s", c.displ());
            result.add(new Candidate(c.value(), shown, c.group(), c.descr(), c.suffix(), c.key(), c.complete()));
        }
        return result;
    }

    private void collect(ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            for (var entry : commands.getSubcommands().entrySet()) {
                candidates.add(new Candidate(entry.getKey(), entry.getKey(), null,
                        first(entry.getValue().getCommandSpec().usageMessage().description()), null, null, true));
            }
            return;
        }
        if (index == 1 && words.get(0).equals("help")) {
            for (var entry : commands.getSubcommands().entrySet()) {
                candidates.add(new Candidate(entry.getKey(), entry.getKey(), null,
                        first(entry.getValue().getCommandSpec().usageMessage().description()), null, null, true));
            }
            return;
        }
        if (index == 1 && words.get(0).equals("open")) {
            paths(line.word(), candidates);
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
                    if (!ONE_SHOT_ONLY.contains(name) && name.startsWith("--")) {
                        candidates.add(new Candidate(name, name, null, first(option.description()), null, null,
                                true));
                    }
                }
            }
            return;
        }
        if (index == 1 && TABLE_FIRST.contains(words.get(0)) && session.isOpen()) {
            try {
                for (String table : session.store(null).tables()) {
                    candidates.add(new Candidate(table, table, null, "table", null, null, true));
                }
            } catch (RuntimeException e) {
                // completion must never break the line being typed
            }
        }
    }

    /** Directories under what has been typed so far (the argument of {@code open}). */
    private static void paths(String typed, List<Candidate> candidates) {
        java.nio.file.Path base = typed.isEmpty() ? java.nio.file.Path.of(".") : java.nio.file.Path.of(typed);
        java.nio.file.Path parent = typed.endsWith("/") ? base : base.getParent() == null
                ? java.nio.file.Path.of(".") : base.getParent();
        String prefix = typed.endsWith("/") || typed.isEmpty() ? "" : base.getFileName().toString();
        try (var entries = java.nio.file.Files.list(parent)) {
            entries.filter(java.nio.file.Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith(prefix))
                    .forEach(p -> {
                        String value = (typed.contains("/") ? typed.substring(0, typed.lastIndexOf('/') + 1) : "")
                                + p.getFileName() + "/";
                        candidates.add(new Candidate(value, value, null, null, null, null, false));
                    });
        } catch (java.io.IOException | RuntimeException e) {
            // completion must never break the line being typed
        }
    }

    private static String first(String[] lines) {
        return lines == null || lines.length == 0 ? null : lines[0];
    }
}
