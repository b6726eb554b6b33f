package dev.mikrodb.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The {@code mikrodb} launcher. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        // picocli's default factory otherwise looks for Groovy's Closure class, which this jar lacks: the class
        // loader opens the 18,000-entry jar to search for it, about 15 ms of a one-shot command
        System.setProperty("picocli.disable.closures", "true");
        DeferredLogging.install(List.of(args).contains("--debug"));
        boolean terminal = System.console() != null;
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, err, terminal, System.getenv());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line and returns its exit code; what tests call.
     *
     * @param terminal whether standard input and output are a person's terminal (pretty output, line editing)
     */
    public static int run(String[] args, java.io.InputStream in, PrintWriter out, PrintWriter err, boolean terminal,
                          Map<String, String> env) {
        boolean color = terminal && env.get("NO_COLOR") == null;
        Session session = new Session(new Output(out, err, terminal, color), env, in, false, false);
        try {
            return Commands.oneShot(session, out, err, args).execute(args);
        } finally {
            try {
                session.close();
            } catch (RuntimeException e) {
                ExitCodes.report(e, session.output(), session.debug());
            }
        }
    }

    /** Warnings only, unless debugging: a shell is no place for start-up chatter. */
    static void configureLogging(boolean debug) {
        DeferredLogging.apply(debug);
    }
}
