package dev.mikrodb.cli;

import dev.mikrodb.ValidationException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Secrets asked for at the terminal, without echo; read as a line from standard input when there is no terminal. */
public final class Prompts {
    private Prompts() {
    }

    public static String secret(String prompt) {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null) {
                throw new ValidationException("no password given");
            }
            return new String(typed);
        }
        try {
            // not closed: closing would close standard input for the rest of the session
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new ValidationException("no password given (standard input ended)");
            }
            return line;
        } catch (IOException e) {
            throw new ValidationException("cannot read the password: " + e.getMessage());
        }
    }
}
