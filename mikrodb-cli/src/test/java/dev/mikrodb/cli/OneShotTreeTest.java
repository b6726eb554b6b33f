package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A one-shot command line that starts with a store command builds only that command; what a user sees (its help,
 * its options, its errors) must be what the whole tree gives.
 */
class OneShotTreeTest {
    private static CommandLine tree(String... args) {
        Session session = new Session(new Output(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false, false), Map.of(),
                new ByteArrayInputStream(new byte[0]), false, false);
        return Commands.oneShot(session, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                args);
    }

    @Test
    void everyStoreCommandAndAliasIsFoundByName() {
        for (Class<?> c : Commands.STORE_COMMANDS) {
            CommandLine.Command command = c.getAnnotation(CommandLine.Command.class);
            assertEquals(c, Commands.storeCommandNamed(command.name()));
            for (String alias : command.aliases()) {
                assertEquals(c, Commands.storeCommandNamed(alias), alias);
            }
        }
        assertNull(Commands.storeCommandNamed("serve"));
        assertNull(Commands.storeCommandNamed("--dir"));
        assertNull(Commands.storeCommandNamed("gte"));
    }

    @Test
    void aStoreCommandFirstBuildsOnlyThatCommandWithTheSameHelp() {
        CommandLine full = tree();
        for (Class<?> c : Commands.STORE_COMMANDS) {
            String name = c.getAnnotation(CommandLine.Command.class).name();
            CommandLine narrow = tree(name, "x");
            TreeSet<String> stores = new TreeSet<>(narrow.getSubcommands().keySet());
            stores.removeAll(List.of("shell", "serve"));
            TreeSet<String> namesOfIt = new TreeSet<>(List.of(name));
            namesOfIt.addAll(List.of(c.getAnnotation(CommandLine.Command.class).aliases()));
            assertEquals(namesOfIt, stores, "only the named command (and its aliases) besides shell and serve");
            CommandLine mine = narrow.getSubcommands().get(name);
            assertNotNull(mine, name);
            assertEquals(full.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF),
                    mine.getUsageMessage(CommandLine.Help.Ansi.OFF), name);
            assertTrue(full.getSubcommands().size() > narrow.getSubcommands().size() + 20, name);
        }
    }

    @Test
    void otherFirstArgumentsGetTheWholeTree() {
        int all = tree().getSubcommands().size();
        assertEquals(all, tree("serve").getSubcommands().size());
        assertEquals(all, tree("--debug", "get", "t", "k").getSubcommands().size());
        assertEquals(all, tree("help", "get").getSubcommands().size());
        assertEquals(all, tree("gte").getSubcommands().size());
    }

    @Test
    void errorsReadTheSameThroughTheNarrowTree() {
        String[][] lines = {
            {"get", "users"}, // a missing parameter
            {"get", "users", "k", "--bogus"}, // an unknown option
            {"write", "t", "k", "{not json", "--dir", "/nonexistent/./db"}, // bad input
            {"get", "--help"},
            {"query", "t", "--filter", "{\"a\":", "--dir", "/nonexistent/./db"},
        };
        for (String[] args : lines) {
            String narrow = run(args, false);
            assertEquals(run(args, true), narrow, String.join(" ", args));
            assertTrue(narrow.startsWith("0|") || narrow.startsWith("2|"), narrow);
        }
        assertTrue(run(lines[0], false).contains("missing required parameter: 'KEY'"), run(lines[0], false));
        assertTrue(run(lines[3], false).contains("Usage: mikrodb get"), run(lines[3], false));
    }

    /** Exit code, standard output and standard error of one command line through the narrow or the whole tree. */
    private static String run(String[] args, boolean whole) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        Session session = new Session(new Output(o, e, false, false), Map.of(),
                new ByteArrayInputStream(new byte[0]), false, false);
        try {
            int code = Commands.oneShot(session, o, e, whole ? null : args).execute(args);
            return code + "|" + out + "|" + err;
        } finally {
            session.close();
        }
    }
}
