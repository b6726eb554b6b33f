package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: on a terminal, --table mode ends with the item count; the shell's help has one heading. */
class OutputTest {
    @TempDir
    Path dir;

    @Test
    void tableModeCountsTheItemsOnATerminal() {
        StringWriter text = new StringWriter();
        Output out = new Output(new PrintWriter(text), new PrintWriter(text), true, false);
        try (MikroDB db = MikroDB.open(dir)) {
            db.write("t", "a", Map.of("n", 1));
            db.write("t", "b", Map.of("n", 2));
            out.items(db.query("t", dev.mikrodb.Query.all()), true);
        }
        assertTrue(text.toString().contains("key  version  n") && text.toString().trim().endsWith("2 items"),
                text.toString());
    }

    @Test
    void theShellsHelpHasOneHeading() {
        CliRun r = CliRun.withInput("help\n", "shell", "--dir", dir.resolve("db").toString());
        assertTrue(r.out().contains("Commands:") && !r.out().contains("Commands of the MikroDB shell"), r.out());
    }

    @Test
    void theShellsHelpSaysNothingOfExitCodesWhileTheOneShotHelpDoes() {
        CliRun shell = CliRun.withInput("help\nhelp get\nhelp check\n", "shell", "--dir", dir.resolve("db").toString());
        assertTrue(!shell.out().toLowerCase(java.util.Locale.ROOT).matches("(?s).*exit [0-9].*"), shell.out());
        assertTrue(shell.out().contains("Show one item: its value, key and version.")
                && shell.out().contains("DAMAGED with the offset. Changes nothing."), shell.out());
        assertTrue(CliRun.cli("get", "--help").out().contains("Exit 1 when it does not exist."),
                "scripts still learn the exit codes");
    }
}
