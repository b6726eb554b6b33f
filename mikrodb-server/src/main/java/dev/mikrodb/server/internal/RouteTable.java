package dev.mikrodb.server.internal;

import dev.mikrodb.server.internal.Route.Example;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every route of the server with the access it needs (docs/security.md has the same table for people). The routing
 * handler and the access-control matrix test are both built from {@link #routes()}, so they cannot disagree.
 */
public final class RouteTable {
    /** Document operations that only read; every other operation writes. */
    static final Set<String> READ_OPERATIONS = Set.of("find", "find_one", "count", "distinct");

    /** The online restore, which the request gate lets through (it closes the gate itself). */
    public static final String RESTORE_PATH = "/api/restore";

    private final List<Route> routes = new ArrayList<>();

    public RouteTable(StoreHandlers kv, DocumentHandlers docs, IndexHandlers idx, AdminHandlers admin,
                      BackupHandlers backups, ServerMonitor monitor) {
        String app = "databaseName=app&tableName=t";
        add(Route.of("POST", "/get", Access.READ, kv::get, "/get",
                "{\"databaseName\":\"app\",\"tableName\":\"t\",\"key\":\"k\"}"));
        add(Route.of("POST", "/write", Access.WRITE, kv::write, "/write",
                "{\"databaseName\":\"app\",\"tableName\":\"t\",\"key\":\"k\",\"value\":{\"n\":2}}"));
        add(Route.of("DELETE", "/delete", Access.WRITE, kv::delete, "/delete?" + app + "&key=k", null));
        add(Route.of("GET", "/table", Access.READ, kv::tableInfo, "/table?" + app, null));
        add(Route.of("DELETE", "/table", Access.WRITE, kv::dropTable, "/table?" + app, null));
        add(Route.of("GET", "/tables", Access.READ, kv::tables, "/tables?databaseName=app", null));
        add(Route.unscoped("GET", "/health", Access.OPEN, kv::health, "/health", null));
        add(Route.unscoped("POST", "/flush", Access.WRITE, kv::flush, "/flush", null));
        add(Route.unscoped("POST", "/flushWAL", Access.WRITE, kv::flushWal, "/flushWAL", null));
        add(Route.unscoped("POST", "/cleanup", Access.WRITE, kv::cleanup, "/cleanup", null));
        add(Route.unscoped("POST", "/dump", Access.ADMIN, kv::dump, "/dump", null));
        // Change streams are served outside the router (they do not block a worker); the rule and example live here.
        add(Route.of("GET", "/events", Access.READ, exchange -> {
            throw new IllegalStateException("/events is dispatched to the change stream handler");
        }, "/events?" + app, null));

        add(Route.of("POST", "/index", Access.WRITE, idx::create, "/index",
                "{\"databaseName\":\"app\",\"tableName\":\"t\",\"name\":\"ix_new\",\"fields\":[\"m\"]}"));
        add(Route.of("DELETE", "/index", Access.WRITE, idx::drop, "/index?" + app + "&name=ix_drop", null));
        add(Route.of("GET", "/indexes", Access.READ, idx::list, "/indexes?" + app, null));
        add(Route.of("GET", "/list", Access.READ, idx::keys, "/list?" + app, null));

        add(Route.unscoped("GET", "/db", Access.READ, docs::databases, "/db", null));
        add(Route.of("GET", "/db/{db}", Access.READ, docs::collections, "/db/app", null));
        add(Route.of("DELETE", "/db/{db}", Access.ADMIN, docs::drop, "/db/app", null));
        add(Route.of("GET", "/db/{db}/stats", Access.READ, docs::stats, "/db/app/stats", null));
        add(Route.of("GET", "/db/{db}/{coll}/indexes", Access.READ, docs::indexes, "/db/app/c/indexes", null));
        Function<HttpServerExchange, Access> byOperation = exchange -> READ_OPERATIONS.contains(
                StoreHandlers.pathParam(exchange, "op")) ? Access.READ : Access.WRITE;
        add(new Route("POST", "/db/{db}/{coll}/{op}", byOperation, true, docs::operation, List.of(
                new Example("/db/app/c/find", "{\"filter\":{\"n\":{\"$gte\":1}}}", Access.READ),
                new Example("/db/app/c/find_one", "{\"filter\":{\"_id\":\"d1\"}}", Access.READ),
                new Example("/db/app/c/count", "{\"filter\":{}}", Access.READ),
                new Example("/db/app/c/distinct", "{\"field\":\"n\"}", Access.READ),
                new Example("/db/app/c/insert_one", "{\"document\":{\"n\":3}}", Access.WRITE),
                new Example("/db/app/c/insert_many", "{\"documents\":[{\"n\":4},{\"n\":5}]}", Access.WRITE),
                new Example("/db/app/c/update_one", "{\"filter\":{\"_id\":\"d1\"},\"update\":{\"$inc\":{\"n\":1}}}",
                        Access.WRITE),
                new Example("/db/app/c/update_many", "{\"filter\":{},\"update\":{\"$set\":{\"m\":1}}}",
                        Access.WRITE),
                new Example("/db/app/c/replace_one", "{\"filter\":{\"_id\":\"d1\"},\"replacement\":{\"n\":9}}",
                        Access.WRITE),
                new Example("/db/app/c/delete_one", "{\"filter\":{\"_id\":\"d1\"}}", Access.WRITE),
                new Example("/db/app/c/delete_many", "{\"filter\":{\"n\":{\"$gt\":100}}}", Access.WRITE),
                new Example("/db/app/c/bulk_write", "{\"operations\":[{\"insert_one\":{\"document\":{\"n\":6}}}]}",
                        Access.WRITE),
                new Example("/db/app/c2/create", null, Access.WRITE),
                new Example("/db/app/c/create_index", "{\"field\":\"m\"}", Access.WRITE),
                new Example("/db/app/c/drop_index", "{\"name\":\"cix_drop\"}", Access.WRITE))));

        add(Route.unscoped("POST", "/api/login", Access.OPEN, admin::login, "/api/login",
                "{\"username\":\"victim\",\"password\":\"victim-password\"}"));
        add(Route.unscoped("GET", "/api/whoami", Access.AUTHENTICATED, admin::whoami, "/api/whoami", null));
        add(Route.unscoped("POST", "/api/users", Access.ADMIN, admin::createUser, "/api/users",
                "{\"username\":\"u_new\",\"password\":\"new-password\",\"role\":\"read\",\"databases\":[\"app\"]}"));
        add(new Route("GET", "/api/users", e -> Access.ADMIN, false, admin::users, List.of(
                new Example("/api/users", null, Access.ADMIN),
                new Example("/api/users?username=victim", null, Access.ADMIN))));
        add(Route.unscoped("PUT", "/api/users", Access.ADMIN, admin::updateUser, "/api/users",
                "{\"username\":\"victim\",\"role\":\"read_write\"}"));
        add(Route.unscoped("DELETE", "/api/users", Access.ADMIN, admin::deleteUser, "/api/users?username=victim",
                null));
        add(Route.unscoped("POST", "/api/keys", Access.ADMIN, admin::createKey, "/api/keys",
                "{\"name\":\"k_new\",\"role\":\"read\",\"databases\":[\"app\"],\"tablePrefixes\":[\"t\"]}"));
        add(Route.unscoped("GET", "/api/keys", Access.ADMIN, admin::keys, "/api/keys", null));
        add(Route.unscoped("DELETE", "/api/keys/{id}", Access.ADMIN, admin::revokeKey, "/api/keys/{victimKey}",
                null));
        add(Route.unscoped("GET", "/api/audit", Access.ADMIN, admin::audit, "/api/audit", null));

        add(Route.unscoped("GET", "/api/stats", Access.ADMIN, monitor::stats, "/api/stats", null));
        add(Route.unscoped("GET", "/metrics", Access.ADMIN, monitor::metrics, "/metrics", null));
        add(Route.unscoped("POST", "/api/backup", Access.ADMIN, backups::backup, "/api/backup", null));
        add(Route.unscoped("GET", "/api/backups", Access.ADMIN, backups::list, "/api/backups", null));
        add(Route.unscoped("POST", "/api/backups/verify", Access.ADMIN, backups::verify, "/api/backups/verify",
                "{\"filename\":\"{backupFile}\"}"));
        add(Route.unscoped("POST", RESTORE_PATH, Access.ADMIN, backups::restore, RESTORE_PATH,
                "{\"filename\":\"{backupFile}\"}"));
    }

    private void add(Route r) {
        routes.add(r);
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route of the change stream, whose handler runs outside the router. */
    public Route events() {
        return routes.stream().filter(r -> r.template().equals("/events")).findFirst().orElseThrow();
    }

    /** A router over every route but {@code /events}, each behind {@code guard}'s authorization. */
    public RoutingHandler router(Guard guard) {
        RoutingHandler router = new RoutingHandler();
        for (Route r : routes) {
            if (!r.template().equals("/events")) {
                HttpHandler guarded = guard.authorizing(r);
                String label = r.method() + " " + r.template();
                router.add(r.method(), r.template(), exchange -> {
                    exchange.putAttachment(RequestCounter.ROUTE, label);
                    guarded.handleRequest(exchange);
                });
            }
        }
        router.setFallbackHandler(ex -> Responses.error(ex, 404, "no such endpoint: " + ex.getRequestMethod()
                + " " + ex.getRequestPath()));
        router.setInvalidMethodHandler(ex -> Responses.error(ex, 405, "method " + ex.getRequestMethod()
                + " is not allowed on " + ex.getRequestPath()));
        return router;
    }
}
