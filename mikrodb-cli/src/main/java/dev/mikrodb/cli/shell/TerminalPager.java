package dev.mikrodb.cli.shell;

import dev.mikrodb.cli.Pager;
import java.io.IOException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

/** A {@link Pager} on the shell's JLine terminal: reads one key in raw mode after each screenful. */
public final class TerminalPager implements Pager {
    private final Terminal terminal;

    public TerminalPager(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public int rows() {
        return terminal.getHeight();
    }

    @Override
    public boolean next(String prompt) {
        terminal.writer().print(prompt);
        terminal.writer().flush();
        Attributes before = terminal.enterRawMode();
        int key;
        try {
            key = terminal.reader().read();
        } catch (IOException e) {
            key = -1;
        } finally {
            terminal.setAttributes(before);
        }
        terminal.writer().print("\r\033[K");
        terminal.writer().flush();
        return key != 'q' && key != 'Q' && key != 3 && key != -1;
    }
}
