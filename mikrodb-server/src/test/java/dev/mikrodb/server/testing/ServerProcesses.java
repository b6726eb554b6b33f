package dev.mikrodb.server.testing;

import dev.mikrodb.server.ServerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The server as a child JVM on the test class path, for tests that kill it or watch what it prints. */
public final class ServerProcesses {
    private ServerProcesses() {
    }

    /** Starts {@code ServerMain --dir dbDir} plus {@code args} (a free port unless they name one). */
    public static Process start(String heap, Path dbDir, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, heap, "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--dir", dbDir.toString()));
        command.addAll(List.of(args));
        if (!command.contains("--port")) {
            command.addAll(List.of("--port", "0"));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * Reads the child's output until it says where it listens and returns the base URL. Lines up to that one go to
     * {@code before}; later ones to {@code after}, read on a daemon thread so the pipe never fills.
     */
    public static String awaitListening(Process p, List<String> before, StringBuffer after) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            before.add(line);
            int at = line.indexOf("listening on ");
            if (at >= 0) {
                Thread drain = new Thread(() -> {
                    try {
                        for (String l; (l = out.readLine()) != null; ) {
                            after.append(l).append('\n');
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return line.substring(at + "listening on ".length()).trim();
            }
        }
        throw new AssertionError("server exited before listening:\n" + String.join("\n", before));
    }
}
