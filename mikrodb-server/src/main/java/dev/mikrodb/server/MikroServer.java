package dev.mikrodb.server;

import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStore;
import dev.mikrodb.config.ConfigurationException;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.internal.ApiKeyHandler;
import dev.mikrodb.server.internal.BodyReadingHandler;
import dev.mikrodb.server.internal.ConnectionLimitHandler;
import dev.mikrodb.server.internal.HostCheckHandler;
import dev.mikrodb.server.internal.IndexHandlers;
import dev.mikrodb.server.internal.JsonOnlyHandler;
import dev.mikrodb.server.internal.ChangeStreamHandler;
import dev.mikrodb.server.internal.CorsHandler;
import dev.mikrodb.server.internal.DocumentHandlers;
import dev.mikrodb.server.internal.ErrorMappingHandler;
import dev.mikrodb.server.internal.PemTls;
import dev.mikrodb.server.internal.RateLimitHandler;
import dev.mikrodb.server.internal.Responses;
import dev.mikrodb.server.internal.StoreHandlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.Methods;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

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
 * preflights), rate limit, API key, JSON-only POSTs, then either the change stream (non-blocking SSE) or the body
 * reader (on the IO thread, without a worker) and the blocking dispatch to the error mapper and the routes. Core work
 * never runs on an IO thread.
 */
public final class MikroServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.server");

    private final MikroStore store;
    private final boolean ownsStore;
    private final ServerSettings settings;
    private final Undertow undertow;
    private final GracefulShutdownHandler shutdownHandler;
    private final ChangeStreamHandler changeStream;
    private volatile boolean stopped;

    private MikroServer(MikroStore store, boolean ownsStore, ServerSettings settings, String dbName) {
        this.store = store;
        this.ownsStore = ownsStore;
        this.settings = settings;
        checkBindingIsSafe(settings);
        StoreHandlers handlers = new StoreHandlers(store, dbName);
        DocumentHandlers documents = new DocumentHandlers(store);
        IndexHandlers indexes = new IndexHandlers(store);
        RoutingHandler routes = new RoutingHandler()
                .post("/index", indexes::create)
                .delete("/index", indexes::drop)
                .get("/indexes", indexes::list)
                .get("/list", indexes::keys)
                .get("/db/{db}/{coll}/indexes", documents::indexes)
                .get("/db", documents::databases)
                .get("/db/{db}", documents::collections)
                .delete("/db/{db}", documents::drop)
                .get("/db/{db}/stats", documents::stats)
                .post("/db/{db}/{coll}/{op}", documents::operation)
                .post("/get", handlers::get)
                .post("/write", handlers::write)
                .delete("/delete", handlers::delete)
                .get("/table", handlers::tableInfo)
                .delete("/table", handlers::dropTable)
                .get("/tables", handlers::tables)
                .get("/health", handlers::health)
                .post("/flush", handlers::flush)
                .post("/flushWAL", handlers::flushWal)
                .post("/cleanup", handlers::cleanup)
                .post("/dump", handlers::dump)
                .setFallbackHandler(ex -> Responses.error(ex, 404, "no such endpoint: " + ex.getRequestMethod()
                        + " " + ex.getRequestPath()))
                .setInvalidMethodHandler(ex -> Responses.error(ex, 405, "method " + ex.getRequestMethod()
                        + " is not allowed on " + ex.getRequestPath()));
        this.changeStream = new ChangeStreamHandler(store);
        // HttpContinueReadHandler answers "Expect: 100-continue" once the body is read (curl waits a second without).
        HttpHandler blocking = new HttpContinueReadHandler(new BodyReadingHandler(new BlockingHandler(
                new ErrorMappingHandler(routes, settings.debug())), settings.maxBodyBytes(),
                settings.requestTimeoutMillis()));
        HttpHandler events = new ErrorMappingHandler(changeStream, settings.debug());
        HttpHandler dispatch = exchange -> {
            if (exchange.getRequestPath().equals("/events") && exchange.getRequestMethod().equals(Methods.GET)) {
                events.handleRequest(exchange);
            } else {
                blocking.handleRequest(exchange);
            }
        };
        HttpHandler chain = new JsonOnlyHandler(dispatch);
        if (settings.apiKey() != null) {
            chain = new ApiKeyHandler(chain, settings.apiKey());
        }
        if (settings.rateLimitEnabled()) {
            chain = new RateLimitHandler(chain, settings.rateLimitRequestsPerMinute());
        }
        chain = new CorsHandler(chain, settings.allowedDomains());
        chain = new HostCheckHandler(chain, settings.allowedHosts(), settings.host(), isLoopback(settings.host()));
        chain = new ConnectionLimitHandler(chain, settings.maxConnectionsPerClient());
        this.shutdownHandler = new GracefulShutdownHandler(chain);

        Undertow.Builder builder = Undertow.builder()
                // The body reader enforces maxBodyBytes itself and answers 413; Undertow's own limit sits above it,
                // since when it trips the connection is cut without an answer (chunked bodies).
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, settings.maxBodyBytes() + (1 << 20))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Math.min(Integer.MAX_VALUE,
                        settings.idleTimeoutMillis()))
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE,
                        settings.requestTimeoutMillis()))
                .setServerOption(UndertowOptions.ENABLE_HTTP2, settings.useHttp2())
                .setHandler(shutdownHandler);
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
     * Refuses to expose an unauthenticated database beyond this machine: a non-loopback address needs an API key,
     * or an explicit {@code insecure}.
     */
    static void checkBindingIsSafe(ServerSettings settings) {
        if (settings.apiKey() != null || settings.insecure()) {
            return;
        }
        if (!isLoopback(settings.host())) {
            throw new ConfigurationException("refusing to listen on " + settings.host() + " without an API key: "
                    + "anyone who can reach it could read and change every table. Set --apiKey (or "
                    + "MIKRODB_API_KEY), or pass --insecure to accept the risk");
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
