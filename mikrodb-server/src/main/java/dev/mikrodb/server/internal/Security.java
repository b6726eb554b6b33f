package dev.mikrodb.server.internal;

import dev.mikrodb.AccessControl;
import dev.mikrodb.MikroDB;
import dev.mikrodb.NewApiKey;
import dev.mikrodb.Role;
import dev.mikrodb.config.ConfigurationException;
import dev.mikrodb.config.ServerSettings;
import java.io.PrintStream;

/**
 * The server's access control assembled from its settings: sessions, login throttle, audit log, authenticator, the
 * guard and the {@code /api} handlers. Auth is on with {@code --auth} or with a configured {@code --apiKey} (which is
 * then one admin key). A first start with {@code --auth} and no users or keys stores an admin key: the configured
 * {@code adminKey}, or a new one printed once.
 */
public final class Security {
    private final Guard guard;
    private final AdminHandlers admin;
    private final Authenticator authenticator;

    /** @param database the database served (where a first start stores its admin key), or null */
    public Security(ServerSettings settings, AccessControl accessControl, MikroDB database) {
        this(settings, accessControl, database, System.out);
    }

    Security(ServerSettings settings, AccessControl accessControl, MikroDB database, PrintStream console) {
        boolean enabled = settings.auth() || settings.apiKey() != null;
        if (settings.auth() && (accessControl == null || database == null)) {
            throw new ConfigurationException("auth needs a server over an embedded database (users and keys are "
                    + "stored in it)");
        }
        if (settings.auth()) {
            bootstrap(settings, database, console);
        }
        Sessions sessions = new Sessions(settings.clock());
        LoginThrottle throttle = new LoginThrottle(settings.clock());
        AuditLog audit = new AuditLog();
        this.authenticator = new Authenticator(accessControl, settings.apiKey(), sessions, throttle,
                settings.clock());
        this.guard = new Guard(enabled, authenticator, audit, settings.clock());
        this.admin = new AdminHandlers(accessControl, sessions, throttle, authenticator, audit, settings.clock(),
                enabled);
    }

    private static void bootstrap(ServerSettings settings, MikroDB db, PrintStream console) {
        AccessControl ac = db.accessControl();
        if (!ac.isEmpty() || settings.apiKey() != null) {
            return; // an administrator exists already (stored, or the configured --apiKey)
        }
        if (settings.adminKey() != null) {
            db.importApiKey("admin", settings.adminKey(), Role.ADMIN);
            console.println("mikrodb: auth is on; stored the admin key given in adminKey (MIKRODB_ADMIN_KEY).");
            return;
        }
        NewApiKey k = ac.createKey("admin", Role.ADMIN, java.util.List.of(), java.util.List.of(), 0);
        console.println("mikrodb: auth is on and no user or key exists, so an admin API key was created:");
        console.println();
        console.println("    " + k.key());
        console.println();
        console.println("Store this key, it will not be shown again (only its hash is kept). Use it as");
        console.println("'Authorization: Bearer <key>' to create users and scoped keys (docs/security.md).");
        console.flush();
    }

    /** Ends every session and cached login: after a restore, users and keys are the backup's. */
    public void credentialsReplaced() {
        authenticator.forgetAll();
    }

    public Guard guard() {
        return guard;
    }

    public AdminHandlers adminHandlers() {
        return admin;
    }
}
