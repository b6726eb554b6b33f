package dev.mikrodb.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of the mikrodb command line in-process, with captured output. */
record CliRun(int code, String out, String err) {
    static CliRun withInput(String stdin, String... args) {
        return withEnv(Map.of(), stdin, args);
    }

    static CliRun withEnv(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), false, env);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * A run whose process standard input is {@code stdin}: what picocli's interactive options (secrets asked for
     * without echo) read when there is no console.
     */
    static CliRun withProcessInput(String stdin, String... args) {
        java.io.InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return withInput("", args);
        } finally {
            System.setIn(original);
        }
    }

    static CliRun cli(String... args) {
        return withInput("", args);
    }
}
