package dev.mikrodb.server;

import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStore;
import dev.mikrodb.config.ConfigurationException;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.AccessControl;
import dev.mikrodb.server.internal.BackupHandlers;
import dev.mikrodb.server.internal.BackupScheduler;
import dev.mikrodb.server.internal.S3Backups;
import dev.mikrodb.server.internal.Guard;
import dev.mikrodb.server.internal.LiveDatabase;
import dev.mikrodb.server.internal.Route;
import dev.mikrodb.server.internal.RouteTable;
import dev.mikrodb.server.internal.Security;
import dev.mikrodb.server.internal.BodyReadingHandler;
import dev.mikrodb.server.internal.FastPathHandler;
import dev.mikrodb.server.internal.ConnectionCounts;
import dev.mikrodb.server.internal.ConnectionLimitHandler;
import dev.mikrodb.server.internal.RequestCounter;
import dev.mikrodb.server.internal.ServerMonitor;
import dev.mikrodb.server.internal.HostCheckHandler;
import dev.mikrodb.server.internal.IndexHandlers;
import dev.mikrodb.server.internal.JsonOnlyHandler;
import dev.mikrodb.server.internal.ChangeStreamHandler;
import dev.mikrodb.server.internal.CorsHandler;
import dev.mikrodb.server.internal.DocumentHandlers;
import dev.mikrodb.server.internal.ErrorMappingHandler;
import dev.mikrodb.server.internal.UrlDecodingHandler;
import dev.mikrodb.server.internal.PemTls;
import dev.mikrodb.server.internal.RateLimitHandler;
import dev.mikrodb.server.internal.StoreHandlers;
import dev.mikrodb.server.internal.ThreadCachedBufferPool;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.Methods;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * MikroDB as a JSON HTTP API on Undertow.
 *
 * <pre>{@code
 * MikroServer server = MikroServer.start(MikroDB.open(dir), settings); // port 0 picks a free port
 * int port = server.port();
 * server.stop(); // drains requests, then flushes and closes the database it owns
 * }</pre>
 *
 * <p>Handler chain, outermost first: graceful shutdown, connection limit per client, Host check, CORS (answers
 * preflights), rate limit, authentication (when auth is on), JSON-only POSTs, then either the change stream
 * (non-blocking SSE) or the body reader (on the IO thread, without a worker), then the error mapper and the routes
 * of {@link RouteTable}, each behind its authorization rule: on the IO thread for a key read, or a single write in
 * {@code os}/{@code async} durability, of a table in memory ({@code FastPathHandler}: no waiting for the disk),
 * behind a blocking dispatch to a worker for everything else.
 */
public final class MikroServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.server");
    private static final io.undertow.util.HttpString REVISION_HEADER = new io.undertow.util.HttpString(
            "X-MikroDB-Revision");

    private final MikroStore store;
    private final boolean ownsStore;
    private final ServerSettings settings;
    private final Undertow undertow;
    private final GracefulShutdownHandler shutdownHandler;
    private final ChangeStreamHandler changeStream;
    private final RouteTable routeTable;
    private final LiveDatabase live;
    private final BackupScheduler scheduler;
    private final S3Backups s3;
    private volatile boolean stopped;

    private MikroServer(MikroStore given, boolean ownsStore, ServerSettings settings, String dbName) {
        this.ownsStore = ownsStore;
        this.settings = settings;
        checkBindingIsSafe(settings);
        // A database the server opened itself may be replaced by an online restore: handlers then reach it through
        // LiveDatabase's forwarding store, and requests pass its gate.
        LiveDatabase live = ownsStore && given instanceof MikroDB owned ? new LiveDatabase(owned) : null;
        this.store = live != null ? live.store() : given;
        AccessControl accessControl = live != null ? live.accessControl()
                : given instanceof MikroDB db ? db.accessControl() : null;
        Security security = new Security(settings, accessControl, live != null ? live.current()
                : given instanceof MikroDB db ? db : null);
        Supplier<MikroDB> database = live != null ? live::current
                : () -> given instanceof MikroDB db ? db : null;
        Path backupDirectory = backupDirectory(settings, given);
        this.s3 = settings.backup().s3() != null ? new S3Backups(settings.backup().s3()) : null;
        BackupHandlers backups = new BackupHandlers(database, live, backupDirectory, security::credentialsReplaced,
                s3);
        BackupScheduler.parse(settings.backup().schedule()); // a bad expression fails the start, enabled or not
        this.scheduler = settings.backup().enabled() && database.get() != null
                ? new BackupScheduler(database, backupDirectory, settings, s3) : null;
        ConnectionCounts connections = new ConnectionCounts();
        RequestCounter requests = new RequestCounter();
        RouteTable table = new RouteTable(new StoreHandlers(store, dbName), new DocumentHandlers(store),
                new IndexHandlers(store), security.adminHandlers(), backups, new ServerMonitor(database, connections,
                requests));
        this.routeTable = table;
        this.live = live;
        Guard guard = security.guard();
        java.util.function.LongSupplier revision = () -> {
            MikroDB db = database.get();
            return db == null ? 0 : db.revision();
        };
        this.changeStream = new ChangeStreamHandler(store, Long.getLong("mikrodb.streamProgressMillis", 10_000));
        Route eventsRoute = table.events();
        HttpHandler events = new ErrorMappingHandler(guard.authorizing(new Route(eventsRoute.method(),
                eventsRoute.template(), eventsRoute.access(), eventsRoute.scoped(), changeStream,
                eventsRoute.examples())), settings.debug());
        // HttpContinueReadHandler answers "Expect: 100-continue" once the body is read (curl waits a second without).
        HttpHandler routes = table.router(guard);
        // The fast path passes the restore gate itself, without waiting (FastPathHandler); the gate is not reentrant,
        // so its routes are the ungated ones.
        HttpHandler fastRoutes = new ErrorMappingHandler(routes, settings.debug());
        HttpHandler mapped = live != null
                ? new ErrorMappingHandler(live.gated(routes, RouteTable.RESTORE_PATH), settings.debug()) : fastRoutes;
        // Key reads and single os-durability writes of tables in memory run on the IO thread; the rest on a worker.
        HttpHandler blocking = new HttpContinueReadHandler(new BodyReadingHandler(new FastPathHandler(fastRoutes,
                new BlockingHandler(mapped), database, live), settings.maxBodyBytes(),
                settings.requestTimeoutMillis()));
        HttpHandler dispatch = exchange -> {
            if (exchange.getRequestPath().equals("/events") && exchange.getRequestMethod().equals(Methods.GET)) {
                RequestCounter.markRoute(exchange, "GET /events");
                events.handleRequest(exchange);
            } else {
                blocking.handleRequest(exchange);
            }
        };
        // The listener leaves URLs encoded so that a malformed one gets a JSON 400 here, not the parser's empty one.
        HttpHandler jsonOnly = new UrlDecodingHandler(new JsonOnlyHandler(dispatch));
        // Every answer says which revision the database was at when it was sent (docs/http-api.md).
        HttpHandler chain = exchange -> {
            exchange.addResponseCommitListener(ex -> ex.getResponseHeaders().put(REVISION_HEADER,
                    revision.getAsLong()));
            jsonOnly.handleRequest(exchange);
        };
        chain = guard.authenticating(chain);
        if (settings.rateLimitEnabled()) {
            chain = new RateLimitHandler(chain, settings.rateLimitRequestsPerMinute());
        }
        chain = new CorsHandler(chain, settings.allowedDomains());
        chain = new HostCheckHandler(chain, settings.allowedHosts(), settings.host(), isLoopback(settings.host()));
        chain = new ConnectionLimitHandler(chain, settings.maxConnectionsPerClient(), connections);
        this.shutdownHandler = new GracefulShutdownHandler(requests.counting(chain));

        Undertow.Builder builder = Undertow.builder()
                .setByteBufferPool(ThreadCachedBufferPool.likeUndertows())
                // The body reader enforces maxBodyBytes itself and answers 413; Undertow's own limit sits above it,
                // since when it trips the connection is cut without an answer (chunked bodies).
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, settings.maxBodyBytes() + (1 << 20))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Math.min(Integer.MAX_VALUE,
                        settings.idleTimeoutMillis()))
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE,
                        settings.requestTimeoutMillis()))
                .setServerOption(UndertowOptions.ENABLE_HTTP2, settings.useHttp2())
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setHandler(shutdownHandler);
        if (settings.ioThreads() > 0) {
            builder.setIoThreads(settings.ioThreads());
        }
        if (settings.useHttps()) {
            builder.addHttpsListener(settings.port(), settings.host(),
                    PemTls.serverContext(settings.sslCert(), settings.sslKey(), settings.sslCa()));
        } else {
            builder.addHttpListener(settings.port(), settings.host());
        }
        this.undertow = builder.build();
    }

    /** Starts serving {@code store}; the caller keeps ownership of it. */
    public static MikroServer start(MikroStore store, ServerSettings settings) {
        return start(store, false, settings, "mikrodb");
    }

    /** Opens the database described by {@code config} and serves it; {@link #stop()} closes it. */
    public static MikroServer start(MikroConfig config) {
        MikroDB db = MikroDB.open(config.db());
        try {
            return start(db, true, config.server(), config.db().dbName());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static MikroServer start(MikroStore store, boolean owns, ServerSettings settings, String dbName) {
        Objects.requireNonNull(store, "store");
        MikroServer server = new MikroServer(store, owns, settings, dbName);
        try {
            server.undertow.start();
            if (server.scheduler != null) {
                server.scheduler.start();
            }
        } catch (RuntimeException e) {
            throw new ServerStartException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + rootMessage(e), e);
        }
        return server;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Refuses to expose an unauthenticated database beyond this machine: a non-loopback address needs auth or an API
     * key, or an explicit {@code insecure}.
     */
    static void checkBindingIsSafe(ServerSettings settings) {
        if (settings.apiKey() != null || settings.auth() || settings.insecure()) {
            return;
        }
        if (!isLoopback(settings.host())) {
            throw new ConfigurationException("refusing to listen on " + settings.host() + " without credentials: "
                    + "anyone who can reach it could read and change every table. Turn on --auth (users and API "
                    + "keys, docs/security.md) or set --apiKey (or MIKRODB_API_KEY), or pass --insecure to accept "
                    + "the risk");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("cannot resolve host '" + host + "'");
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String host() {
        return settings.host();
    }

    /** {@code http://host:port} or {@code https://...}. */
    public String baseUrl() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return (settings.useHttps() ? "https" : "http") + "://" + host + ":" + port();
    }

    /** The backup directory: configured, or the database directory's name + {@code -backups} beside it. */
    private static Path backupDirectory(ServerSettings settings, MikroStore store) {
        if (settings.backup().directory() != null) {
            return Path.of(settings.backup().directory());
        }
        if (store instanceof MikroDB db) {
            Path dir = db.directory().toAbsolutePath();
            return dir.resolveSibling(dir.getFileName() + "-backups");
        }
        return Path.of("mikrodb-backups");
    }

    /** The backup schedule, or null when scheduled backups are off. */
    BackupScheduler backupScheduler() {
        return scheduler;
    }

    /** The database served now (after an online restore, the restored one); null when the store is not embedded. */
    MikroDB currentDatabase() {
        return live != null ? live.current() : store instanceof MikroDB db ? db : null;
    }

    /** The route table with each route's access rule (the access-control tests are generated from it). */
    java.util.List<Route> routes() {
        return routeTable.routes();
    }

    public MikroStore store() {
        return store;
    }

    /**
     * Stops accepting requests, lets those in flight finish (up to 30 s), ends change streams, stops the listener,
     * then flushes and closes the database if this server opened it.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (scheduler != null) {
            scheduler.close();
        }
        if (s3 != null) {
            s3.close();
        }
        changeStream.closeAll();
        shutdownHandler.shutdown();
        try {
            if (!shutdownHandler.awaitShutdown(30_000)) {
                LOG.log(Level.WARNING, "requests still running after 30 s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        if (ownsStore) {
            store.close();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
