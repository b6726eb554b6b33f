package dev.mikrodb.server.internal;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps Undertow's and XNIO's start-up chatter out of a user's terminal unless debugging. */
public final class QuietLogging {
    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"),
            Logger.getLogger("org.jboss"));

    private QuietLogging() {
    }

    public static void apply(boolean debug) {
        for (Logger logger : QUIETED) {
            logger.setLevel(debug ? Level.INFO : Level.WARNING);
        }
    }
}
