package dev.mikrodb.server;

import dev.mikrodb.MikroDBException;
import dev.mikrodb.config.ConfigLoader;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.server.internal.QuietLogging;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a server from configuration (environment, {@code mikrodb.config.json}, flags) until SIGTERM or Ctrl-C, which
 * drain requests and flush the database before the process exits. {@code mikrodb serve} calls {@link #run}.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(ConfigLoader.parseArgsSafely(args, System.err), System.getenv(), System.out, System.err));
    }

    /**
     * Keeps Undertow's and XNIO's start-up chatter quiet unless debugging; with {@code everywhere}, every logger but
     * warnings (the shell's setting: no chatter in a user's terminal).
     */
    public static void configureLogging(boolean debug, boolean everywhere) {
        if (everywhere) {
            QuietLogging.applyEverywhere(debug);
        } else {
            QuietLogging.apply(debug);
        }
    }

    /**
     * Starts the server and blocks until the JVM is asked to shut down. Returns the process exit code: 0 after a
     * clean stop, 2 for bad configuration, 1 for any other failure to start.
     */
    public static int run(Map<String, String> flags, Map<String, String> env, PrintStream out, PrintStream err) {
        if (flags == null) {
            return 2;
        }
        MikroServer server;
        try {
            MikroConfig config = ConfigLoader.load(env, null, null, flags);
            configureLogging(config.server().debug(), false);
            server = MikroServer.start(config);
            out.println("MikroDB " + config.db().dbName() + " (" + config.db().databaseDirectory().toAbsolutePath()
                    + ") listening on " + server.baseUrl());
            out.flush();
        } catch (dev.mikrodb.ValidationException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (MikroDBException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping: draining requests and flushing the database");
            out.flush();
            server.stop();
            stopped.countDown();
        }, "mikrodb-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
