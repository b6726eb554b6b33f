package dev.mikrodb.server.internal;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Undertow's and XNIO's start-up chatter out of a user's terminal unless debugging. The shell also quiets
 * MikroDB's own INFO messages ({@link #applyEverywhere}); a server keeps them, they say what recovery did.
 */
public final class QuietLogging {
    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"),
            Logger.getLogger("org.jboss"));

    private QuietLogging() {
    }

    private static final Logger ROOT = Logger.getLogger("");

    public static void apply(boolean debug) {
        for (Logger logger : QUIETED) {
            logger.setLevel(debug ? Level.INFO : Level.WARNING);
        }
    }

    /** {@link #apply} plus every other logger: warnings only unless debugging. */
    public static void applyEverywhere(boolean debug) {
        apply(debug);
        ROOT.setLevel(debug ? Level.INFO : Level.WARNING);
    }
}
