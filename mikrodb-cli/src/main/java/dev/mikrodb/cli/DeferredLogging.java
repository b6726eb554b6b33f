package dev.mikrodb.cli;

import dev.mikrodb.server.ServerMain;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * The command's logging settings (warnings only unless debugging), applied when java.util.logging starts rather than
 * when the command does. Starting it costs about 30 ms of a fresh JVM (its set-up and a service-loader scan of the
 * 18,000-entry jar), and a one-shot command such as {@code get} usually logs nothing: {@link #install} names this
 * class as java.util.logging's configuration class, which the JDK instantiates if and when logging starts.
 */
public final class DeferredLogging {
    private static final String CONFIG_CLASS = "java.util.logging.config.class";
    private static boolean installed;
    private static boolean started;
    private static boolean debug;

    /** Called by java.util.logging as it starts (see {@link #install}): loads the command's settings. */
    public DeferredLogging() throws IOException {
        boolean debugging;
        synchronized (DeferredLogging.class) {
            started = true;
            debugging = debug;
        }
        String level = debugging ? "INFO" : "WARNING";
        String settings = "handlers=java.util.logging.ConsoleHandler\n"
                + "java.util.logging.ConsoleHandler.level=INFO\n"
                + "java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter\n"
                + ".level=" + level + "\n";
        byte[] properties = settings.getBytes(StandardCharsets.UTF_8);
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(properties));
    }

    /**
     * Defers the settings until logging starts, unless the user configured java.util.logging (a configuration file
     * or class of their own): then they are applied now, over the user's, as they always were.
     */
    static void install(boolean debugging) {
        synchronized (DeferredLogging.class) {
            if (System.getProperty(CONFIG_CLASS) == null
                    && System.getProperty("java.util.logging.config.file") == null) {
                debug = debugging;
                installed = true;
                System.setProperty(CONFIG_CLASS, DeferredLogging.class.getName());
                return;
            }
        }
        apply(debugging);
    }

    /** The settings for {@code debugging}: kept if logging has not started since {@link #install}, else applied. */
    static void apply(boolean debugging) {
        synchronized (DeferredLogging.class) {
            if (installed && !started) {
                debug = debugging;
                return;
            }
        }
        ServerMain.configureLogging(debugging, true);
    }
}
