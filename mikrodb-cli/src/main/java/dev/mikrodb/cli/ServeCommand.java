package dev.mikrodb.cli;

import dev.mikrodb.config.ConfigOption;
import dev.mikrodb.config.ConfigOptions;
import dev.mikrodb.server.ServerMain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code mikrodb serve}: the database as an HTTP API. Its flags are generated from {@link ConfigOptions}, the one
 * definition of every option, so they cannot drift from the config file or the documentation.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the database as a JSON HTTP API (docs/http-api.md) until Ctrl-C or SIGTERM.",
                "Options also come from mikrodb.config.json and the environment variables named below; "
                        + "flags win. Full list: docs/configuration.md."})
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    private final Session session;

    public ServeCommand(Session session) {
        this.session = session;
    }

    /** Adds one picocli option per configuration flag (--debug is the launcher's own, inherited). */
    static void addConfigOptions(CommandSpec spec) {
        for (ConfigOption o : ConfigOptions.distinctFlags()) {
            if (o.flag().equals("debug")) {
                continue;
            }
            String[] names = o.flagNames().stream().map(n -> "--" + n).toArray(String[]::new);
            OptionSpec.Builder b = OptionSpec.builder(names).description(describe(o));
            if (o.kind() == ConfigOption.Kind.BOOLEAN) {
                b.type(boolean.class).arity("0");
            } else {
                b.type(String.class).paramLabel(o.label());
            }
            if (o.secret()) {
                b.arity("0..1").interactive(true).prompt(o.label().equals("KEY") ? o.flag() + ": " : "value: ");
            }
            spec.addOption(b.build());
        }
    }

    private static String describe(ConfigOption o) {
        StringBuilder d = new StringBuilder(o.description());
        if (o.defaultValue() != null && o.kind() != ConfigOption.Kind.BOOLEAN) {
            d.append(" Default: ").append(o.defaultValue()).append('.');
        }
        if (o.env() != null) {
            d.append(" Env: ").append(o.env()).append('.');
        }
        return d.toString();
    }

    @Override
    public Integer call() {
        Map<String, String> flags = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (ConfigOption o : ConfigOptions.distinctFlags()) {
            OptionSpec matched = o.flag().equals("debug") ? null : parsed.matchedOption("--" + o.flag());
            if (matched != null) {
                Object value = matched.getValue();
                flags.put(o.flag(), value == null ? "" : value.toString());
            }
        }
        if (session.debug()) {
            flags.put("debug", "true");
        }
        int code = ServerMain.run(flags, session.env(), System.out, System.err);
        return code == 1 ? ExitCodes.FAILURE : code;
    }
}
