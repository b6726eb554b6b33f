package dev.mikrodb.cli;

import dev.mikrodb.cli.commands.BackupCommand;
import dev.mikrodb.cli.commands.BackupsCommand;
import dev.mikrodb.cli.commands.CheckCommand;
import dev.mikrodb.cli.commands.CleanupCommand;
import dev.mikrodb.cli.commands.ClearCommand;
import dev.mikrodb.cli.commands.CollectionsCommand;
import dev.mikrodb.cli.commands.ConnectCommand;
import dev.mikrodb.cli.commands.CountCommand;
import dev.mikrodb.cli.commands.DbsCommand;
import dev.mikrodb.cli.commands.DeleteCommand;
import dev.mikrodb.cli.commands.DropCommand;
import dev.mikrodb.cli.commands.DumpCommand;
import dev.mikrodb.cli.commands.ExitCommand;
import dev.mikrodb.cli.commands.ExportCommand;
import dev.mikrodb.cli.commands.FindCommand;
import dev.mikrodb.cli.commands.FlushCommand;
import dev.mikrodb.cli.commands.GetCommand;
import dev.mikrodb.cli.commands.ImportCommand;
import dev.mikrodb.cli.commands.IndexCommand;
import dev.mikrodb.cli.commands.InsertCommand;
import dev.mikrodb.cli.commands.KeyCommand;
import dev.mikrodb.cli.commands.KeysCommand;
import dev.mikrodb.cli.commands.LsCommand;
import dev.mikrodb.cli.commands.OpenCommand;
import dev.mikrodb.cli.commands.QueryCommand;
import dev.mikrodb.cli.commands.RemoveCommand;
import dev.mikrodb.cli.commands.RestoreCommand;
import dev.mikrodb.cli.commands.SizeCommand;
import dev.mikrodb.cli.commands.StatsCommand;
import dev.mikrodb.cli.commands.TablesCommand;
import dev.mikrodb.cli.commands.TimingCommand;
import dev.mikrodb.cli.commands.UpdateCommand;
import dev.mikrodb.cli.commands.UseCommand;
import dev.mikrodb.cli.commands.UserCommand;
import dev.mikrodb.cli.commands.UsersCommand;
import dev.mikrodb.cli.commands.VerifyCommand;
import dev.mikrodb.cli.commands.WatchCommand;
import dev.mikrodb.cli.commands.WhoamiCommand;
import dev.mikrodb.cli.commands.WriteCommand;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.List;
import picocli.CommandLine;

/** Builds the two picocli trees (one-shot and shell) over the same command classes, with their error handling. */
public final class Commands {
    /** The commands that work on a store, usable both one-shot and in the shell. */
    public static final List<Class<?>> STORE_COMMANDS = List.of(GetCommand.class, WriteCommand.class,
            DeleteCommand.class, QueryCommand.class, TablesCommand.class, SizeCommand.class, DropCommand.class,
            DumpCommand.class, FlushCommand.class, CleanupCommand.class, WatchCommand.class, DbsCommand.class,
            CollectionsCommand.class, InsertCommand.class, FindCommand.class, UpdateCommand.class,
            RemoveCommand.class, CountCommand.class, LsCommand.class, IndexCommand.class, UsersCommand.class,
            UserCommand.class, KeysCommand.class, KeyCommand.class, WhoamiCommand.class, BackupCommand.class,
            BackupsCommand.class, RestoreCommand.class, VerifyCommand.class, StatsCommand.class, CheckCommand.class,
            ImportCommand.class, ExportCommand.class);

    private Commands() {
    }

    /** The {@code mikrodb} command line: shell, serve and every store command. */
    public static CommandLine oneShot(Session session, PrintWriter out, PrintWriter err) {
        return oneShot(session, out, err, null);
    }

    /**
     * The command line for {@code args}: when they start with a store command's name, only that command is built
     * (picocli reads every command's annotations and fields up front, and building all 33 was a third of a one-shot
     * command's time from JVM start to answer); anything else (no command, an option first, help, serve, a typo
     * that deserves suggestions) gets the whole tree.
     */
    public static CommandLine oneShot(Session session, PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cl = new CommandLine(new MikroCommand(session), factory(session));
        Class<?> only = args == null || args.length == 0 ? null : storeCommandNamed(args[0]);
        if (only != null) {
            cl.addSubcommand(only);
            return configure(cl, session, out, err);
        }
        for (Class<?> c : STORE_COMMANDS) {
            cl.addSubcommand(c);
        }
        cl.addSubcommand(new CommandLine.HelpCommand());
        ServeCommand.addConfigOptions(cl.getSubcommands().get("serve").getCommandSpec());
        return configure(cl, session, out, err);
    }

    /** The store command whose name or alias is {@code name}, or null. */
    static Class<?> storeCommandNamed(String name) {
        for (Class<?> c : STORE_COMMANDS) {
            CommandLine.Command command = c.getAnnotation(CommandLine.Command.class);
            if (command.name().equals(name) || List.of(command.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }

    /** The shell's command line: store commands plus open, connect, help and exit. */
    public static CommandLine shell(Session session, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ShellRoot(), factory(session));
        for (Class<?> c : STORE_COMMANDS) {
            cl.addSubcommand(c);
        }
        cl.addSubcommand(OpenCommand.class);
        cl.addSubcommand(ConnectCommand.class);
        cl.addSubcommand(UseCommand.class);
        cl.addSubcommand(TimingCommand.class);
        cl.addSubcommand(dev.mikrodb.cli.commands.BailCommand.class);
        cl.addSubcommand(ClearCommand.class);
        cl.addSubcommand(ExitCommand.class);
        cl.addSubcommand(new CommandLine.HelpCommand());
        withoutExitCodes(cl);
        return configure(cl, session, out, err);
    }

    /**
     * Inside the shell a command has no exit code a person could use, so its help leaves out the sentences about
     * them ("Exit 1 when it does not exist.", "exit 0 only when ..."); scripts see them in the one-shot help.
     */
    private static void withoutExitCodes(CommandLine shell) {
        for (CommandLine sub : shell.getSubcommands().values()) {
            var usage = sub.getCommandSpec().usageMessage();
            String text = String.join(" ", usage.description());
            String shown = text.replaceAll("[;.]\\s*[Ee]xit \\d[^.]*\\.", ".").replaceAll("\\.\\.", ".");
            if (!shown.equals(text)) {
                usage.description(shown);
            }
        }
    }

    private static CommandLine configure(CommandLine cl, Session session, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true); // the terminal's width, not 80 columns that split URLs
        Reporter reporter = new Reporter(session);
        cl.setExecutionExceptionHandler(reporter);
        cl.setParameterExceptionHandler(reporter);
        return cl;
    }

    /**
     * Turns any failure into its one-line report and exit code. A class rather than two lambdas: a lambda for one of
     * picocli's handler interfaces (compiled for Java 5) makes the launcher's class-data archive leave that interface
     * and the classes using it out ("old class has been linked"), and loading those from the jar opens its 18,000
     * entries, about 15 ms of a one-shot command.
     */
    private record Reporter(Session session) implements CommandLine.IExecutionExceptionHandler,
            CommandLine.IParameterExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
            return ExitCodes.report(e, session.output(), session.debug(), session.isShell());
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            return ExitCodes.report(e, session.output(), session.debug(), session.isShell());
        }
    }

    /** Creates command objects, handing the session to those whose constructor takes one. */
    private static CommandLine.IFactory factory(Session session) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    Constructor<K> withSession = cls.getConstructor(Session.class);
                    return withSession.newInstance(session);
                } catch (NoSuchMethodException e) {
                    return fallback.create(cls);
                }
            }
        };
    }

    /** The shell's root: only a container for its subcommands. */
    @CommandLine.Command(name = "mikrodb", description = "Type a command and its arguments; 'help COMMAND' shows its options.",
            synopsisSubcommandLabel = "COMMAND")
    static final class ShellRoot implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }
}
