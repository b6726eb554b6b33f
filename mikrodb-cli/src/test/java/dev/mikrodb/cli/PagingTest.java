package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import dev.mikrodb.Query;
import dev.mikrodb.cli.shell.TerminalPager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: long results stop at each screenful on a terminal (a real JLine terminal over pipes, 10 rows). */
class PagingTest {
    @TempDir
    Path dir;

    private static Terminal terminal(String keys, ByteArrayOutputStream screen) throws Exception {
        Terminal t = new ExternalTerminal("test", "xterm", new ByteArrayInputStream(keys.getBytes(
                StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8);
        t.setSize(new Size(80, 10));
        return t;
    }

    @Test
    void aLongTableStopsEveryScreenfulAndQStopsIt() throws Exception {
        StringWriter text = new StringWriter();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (MikroDB db = MikroDB.open(dir); Terminal terminal = terminal("\rq", screen)) {
            for (int i = 0; i < 50; i++) {
                db.write("t", String.format("k%02d", i), i);
            }
            Output out = new Output(new PrintWriter(text), new PrintWriter(text), true, false);
            out.pageWith(new TerminalPager(terminal));
            out.items(db.query("t", Query.all()), true);
            assertTrue(out.pagerWaitNanos() > 0, "time at the pager is counted apart, for 'timing on'");
        }
        List<String> lines = text.toString().lines().toList();
        // header + rule + 7 rows, Enter, 9 more rows, q: 18 lines shown, then the note
        assertEquals(19, lines.size(), text.toString());
        assertTrue(lines.get(17).matches("k\\d\\d +1 +\\d+"), "the 16th row ends the second page: " + lines.get(17));
        assertEquals("(35 more lines not shown)", lines.get(18)); // of 53: 50 rows, header, rule, count
        String prompts = screen.toString(StandardCharsets.UTF_8);
        assertTrue(prompts.contains("-- 9 of 53 lines; Enter for more, q to stop --")
                && prompts.contains("-- 18 of 53 lines"), prompts);
    }

    @Test
    void aResultThatFitsOrNoTerminalIsPrintedWhole() throws Exception {
        StringWriter text = new StringWriter();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (MikroDB db = MikroDB.open(dir); Terminal terminal = terminal("", screen)) {
            for (int i = 0; i < 5; i++) {
                db.write("t", "k" + i, i);
            }
            Output out = new Output(new PrintWriter(text), new PrintWriter(text), true, false);
            out.pageWith(new TerminalPager(terminal));
            out.items(db.query("t", Query.all()), true);
            for (int i = 5; i < 40; i++) {
                db.write("t", "k" + i, i);
            }
            Output piped = new Output(new PrintWriter(text), new PrintWriter(text), false, false);
            piped.items(db.query("t", Query.all()), true); // a script: no pager, everything
        }
        assertEquals(8 + 42, text.toString().lines().count(), text.toString());
        assertEquals("", screen.toString(StandardCharsets.UTF_8).replaceAll("\\e\\[[0-9;?]*[a-zA-Z]", ""),
                "no prompt when it fits");
    }
}
