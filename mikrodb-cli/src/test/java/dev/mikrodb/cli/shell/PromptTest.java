package dev.mikrodb.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mikrodb.cli.Output;
import dev.mikrodb.cli.Session;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: the prompt shows where the shell is. */
class PromptTest {
    @TempDir
    Path dir;

    @Test
    void thePromptNamesTheDirectoryOrServerAndTheDatabase() {
        PrintWriter out = new PrintWriter(new StringWriter());
        Session session = new Session(new Output(out, out, false, false), Map.of(),
                new ByteArrayInputStream(new byte[0]), true, false);
        Shell shell = new Shell(session, out, out);
        session.openDirectory(dir.resolve("data"), null, true);
        assertEquals("mikrodb local:data> ", shell.prompt());
        session.useDatabase("inventory");
        assertEquals("mikrodb local:data/inventory> ", shell.prompt());
        session.close();
    }
}
