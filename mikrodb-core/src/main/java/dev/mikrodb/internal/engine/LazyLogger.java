package dev.mikrodb.internal.engine;

import java.util.ResourceBundle;

/**
 * A {@link System.Logger} looked up when something is first logged, not when the class holding it loads. Looking one
 * up starts the logging back end (a service-loader scan of the class path and java.util.logging's set-up), about
 * 30 ms of a fresh JVM; opening a database and reading an item logs nothing, so a one-shot command never pays it.
 */
final class LazyLogger implements System.Logger {
    private final String name;
    private volatile System.Logger logger;

    LazyLogger(String name) {
        this.name = name;
    }

    private System.Logger logger() {
        System.Logger l = logger;
        if (l == null) {
            l = System.getLogger(name);
            logger = l;
        }
        return l;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return logger().isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        logger().log(level, bundle, message, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        logger().log(level, bundle, format, params);
    }
}
