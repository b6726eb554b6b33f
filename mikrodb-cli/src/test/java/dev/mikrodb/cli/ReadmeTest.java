package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 2: every Java program in README.md is extracted, compiled and run as the README says (in a fresh
 * directory, with the client one against a real server), so the documentation cannot drift from the code.
 */
class ReadmeTest {
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("public class (\\w+)");

    @TempDir
    Path dir;

    @Test
    void everyJavaProgramInTheReadmeCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> programs = new java.util.LinkedHashMap<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            Matcher c = CLASS.matcher(m.group(1));
            assertTrue(c.find(), "every java block in the README is a whole program:\n" + m.group(1));
            programs.put(c.group(1), m.group(1));
        }
        assertEquals(List.of("QuickStart", "Documents", "ClientQuickStart"), List.copyOf(programs.keySet()));

        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        List<String> args = new ArrayList<>(List.of(javac, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")));
        for (Map.Entry<String, String> p : programs.entrySet()) {
            Path file = src.resolve(p.getKey() + ".java");
            Files.writeString(file, p.getValue());
            args.add(file.toString());
        }
        Process compile = new ProcessBuilder(args).redirectErrorStream(true).start();
        String errors = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(compile.waitFor(120, TimeUnit.SECONDS), "javac did not end");
        assertEquals(0, compile.exitValue(), "the README's Java does not compile:\n" + errors);

        Path work = Files.createDirectories(dir.resolve("work"));
        String quick = run(classes, work, "QuickStart");
        assertTrue(quick.contains("Jane @ v2") && quick.contains("1 adult(s)") && quick.contains("event: item.written"),
                quick);
        assertTrue(Files.exists(work.resolve("my-db").resolve("mikrodb.meta")), "it made my-db/");
        String docs = run(classes, work, "Documents");
        assertTrue(docs.contains("\"price\":125"), docs);
        try (MikroServer server = MikroServer.start(new MikroConfig(MikroOptions.builder()
                .databaseDirectory(dir.resolve("served")).build(), ServerSettings.builder().port(0).build()))) {
            String client = run(classes, work, "ClientQuickStart", server.baseUrl());
            assertTrue(client.contains("ada: {\"name\":\"Ada\"}"), client);
        }
    }

    private static String run(Path classes, Path work, String main, String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-cp", classes + java.io.File.pathSeparator
                + System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), main + " did not end:\n" + out);
        assertEquals(0, p.exitValue(), main + " failed:\n" + out);
        return out;
    }
}
