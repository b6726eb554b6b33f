package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Issue 16: long operations show progress on a terminal and stay quiet when piped. */
class ProgressLineTest {
    @Test
    void aTerminalSeesPercentAndSizeAndAPipeSeesNothing() {
        StringWriter terminal = new StringWriter();
        ProgressLine shown = new ProgressLine(new Output(new PrintWriter(terminal), new PrintWriter(terminal), true,
                false), "backing up");
        shown.update(2_500_000, 10_000_000);
        shown.finish();
        assertTrue(terminal.toString().contains("backing up: 25% (2.5 MB of 10.0 MB)"), terminal.toString());
        assertTrue(terminal.toString().endsWith("\r\033[K"), "the line is cleared at the end");

        StringWriter pipe = new StringWriter();
        ProgressLine quiet = new ProgressLine(new Output(new PrintWriter(pipe), new PrintWriter(pipe), false, false),
                "backing up");
        quiet.update(2_500_000, 10_000_000);
        quiet.finish();
        assertEquals("", pipe.toString());
    }
}
