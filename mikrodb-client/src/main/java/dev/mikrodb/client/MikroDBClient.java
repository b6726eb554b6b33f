package dev.mikrodb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.AccessControl;
import dev.mikrodb.BackupInfo;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.DatabaseClosedException;
import dev.mikrodb.DocumentDatabase;
import dev.mikrodb.DuplicateIdException;
import dev.mikrodb.Explained;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.Item;
import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroDBException;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Principal;
import dev.mikrodb.Query;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.HistoryCompactedException;
import dev.mikrodb.Subscription;
import dev.mikrodb.UniqueIndexViolationException;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.client.internal.Credentials;
import dev.mikrodb.client.internal.EventStream;
import dev.mikrodb.client.internal.HttpTransport;
import dev.mikrodb.client.internal.JsonCalls;
import dev.mikrodb.client.internal.RemoteAccessControl;
import dev.mikrodb.client.internal.RemoteDatabase;
import dev.mikrodb.client.internal.Transport;
import dev.mikrodb.wire.DocumentCodec;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.IndexCodec;
import dev.mikrodb.wire.ItemCodec;
import dev.mikrodb.wire.QueryCodec;
import dev.mikrodb.wire.WireJson;
import dev.mikrodb.wire.WriteAnswer;
import dev.mikrodb.wire.WriteRequestCodec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A remote MikroDB over its HTTP API, implementing the same {@link MikroStore} interface as the embedded database:
 * swap {@code MikroDB.open(...)} for {@code MikroDBClient.connect(...)} and nothing else changes.
 *
 * <p>Errors map to core's exceptions ({@link ValidationException}, {@link VersionConflictException} with the current
 * version; a missing item is an empty result), plus {@link ServerErrorException} and its subclasses for what the
 * server refused, and {@link ConnectionException} when the request never completed. Retries follow the
 * {@link RetryPolicy}; a write is never repeated once it may have reached the server.
 *
 * <p>Thread-safe; share one instance. {@link #close()} ends its change subscriptions.
 */
public final class MikroDBClient implements MikroStore {
    private final Transport transport;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final Random random = new Random();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** The database whose tables the key-value calls address; null for the server's default. */
    private final String databaseName;
    private volatile boolean closed;

    MikroDBClient(Transport transport, RetryPolicy retry, Duration requestTimeout) {
        this(transport, retry, requestTimeout, null);
    }

    private MikroDBClient(Transport transport, RetryPolicy retry, Duration requestTimeout, String databaseName) {
        this.transport = transport;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.databaseName = databaseName;
    }

    /** A client for {@code baseUrl} (for example {@code http://127.0.0.1:3000}) with default settings. */
    public static MikroDBClient connect(String baseUrl) {
        return builder(baseUrl).build();
    }

    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    // ------------------------------------------------------------------ items

    @Override
    public long write(WriteRequest request) {
        return version(call(post("/write", writeJson(request)), false));
    }

    @Override
    public List<Long> writeBatch(List<WriteRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw new ValidationException("a write batch must contain at least one write");
        }
        ArrayNode batch = WireJson.array();
        requests.forEach(r -> batch.add(writeJson(r)));
        JsonNode answer = json(call(post("/write", batch), false));
        List<Long> versions = new ArrayList<>();
        answer.get("versions").forEach(v -> versions.add(v.asLong()));
        return versions;
    }

    /** Sends the write and returns its new version when the server answers. */
    public CompletableFuture<Long> writeAsync(WriteRequest request) {
        return callAsync(post("/write", writeJson(request)), false, 1).thenApply(MikroDBClient::version);
    }

    /** The version a single write's answer gives. */
    private static long version(Transport.Response response) {
        long version = WriteAnswer.versionOf(response.body());
        return version >= 0 ? version : json(response).get("version").asLong();
    }

    private ObjectNode writeJson(WriteRequest r) {
        return inDatabase(WriteRequestCodec.toJson(r));
    }

    /** Adds this client's database to a request body. */
    private ObjectNode inDatabase(ObjectNode body) {
        if (databaseName != null) {
            body.put("databaseName", databaseName);
        }
        return body;
    }

    /** This client's database as a query parameter ({@code &databaseName=...}), or nothing. */
    private String databaseParam(String separator) {
        return databaseName == null ? "" : separator + "databaseName=" + encode(databaseName);
    }

    @Override
    public Optional<Item> get(String tableName, String key) {
        ObjectNode body = inDatabase(WireJson.object().put("tableName", tableName).put("key", key));
        Transport.Request request = post("/get", body);
        Transport.Response r = call(request, true, 404);
        return r.status() == 404 ? Optional.empty() : Optional.of(item(key, r));
    }

    /** {@link #get} without blocking. */
    public CompletableFuture<Optional<Item>> getAsync(String tableName, String key) {
        ObjectNode body = inDatabase(WireJson.object().put("tableName", tableName).put("key", key));
        return callAsync(post("/get", body), true, 1, 404)
                .thenApply(r -> r.status() == 404 ? Optional.empty() : Optional.of(item(key, r)));
    }

    private static Item item(String key, Transport.Response r) {
        return ItemCodec.fromHeaders(key, r.body(), r::header);
    }

    @Override
    public List<Item> query(String tableName, Query query) {
        return items(call(post("/get", queryJson(tableName, query)), true));
    }

    /** {@link #query} without blocking. */
    public CompletableFuture<List<Item>> queryAsync(String tableName, Query query) {
        return callAsync(post("/get", queryJson(tableName, query)), true, 1).thenApply(MikroDBClient::items);
    }

    private ObjectNode queryJson(String tableName, Query query) {
        ObjectNode body = inDatabase(WireJson.object().put("tableName", tableName).put("withMetadata", true));
        body.set("options", QueryCodec.toJson(query));
        return body;
    }

    private static List<Item> items(Transport.Response r) {
        return ItemCodec.readArray(r.body());
    }

    @Override
    public boolean delete(String tableName, String key) {
        return deleteItem(tableName, key, null);
    }

    @Override
    public boolean delete(String tableName, String key, long expectedVersion) {
        return deleteItem(tableName, key, expectedVersion);
    }

    private boolean deleteItem(String tableName, String key, Long expectedVersion) {
        String path = "/delete?tableName=" + encode(tableName) + "&key=" + encode(key)
                + (expectedVersion == null ? "" : "&expectedVersion=" + expectedVersion) + databaseParam("&");
        return call(new Transport.Request("DELETE", path, null), false, 404).status() == 200;
    }

    // ------------------------------------------------------------------ tables

    @Override
    public long tableSize(String tableName) {
        Transport.Response r = call(get("/table?tableName=" + encode(tableName) + databaseParam("&")), true, 404);
        return r.status() == 404 ? 0 : json(r).get("size").asLong();
    }

    @Override
    public boolean tableExists(String tableName) {
        return call(get("/table?tableName=" + encode(tableName) + databaseParam("&")), true, 404).status() == 200;
    }

    @Override
    public List<String> tables() {
        List<String> names = new ArrayList<>();
        json(call(get("/tables" + databaseParam("?")), true)).forEach(n -> names.add(n.asText()));
        return names;
    }

    @Override
    public boolean deleteTable(String tableName) {
        return call(new Transport.Request("DELETE", "/table?tableName=" + encode(tableName) + databaseParam("&"),
                null), false, 404)
                .status() == 200;
    }

    @Override
    public void flush() {
        call(post("/flush", null), true);
    }

    @Override
    public void flushWAL() {
        call(post("/flushWAL", null), true);
    }

    @Override
    public List<String> dump(String tableName) {
        ObjectNode body = WireJson.object();
        if (tableName != null) {
            body.put("tableName", tableName);
        }
        List<String> files = new ArrayList<>();
        json(call(post("/dump", body), true)).get("files").forEach(f -> files.add(f.asText()));
        return files;
    }

    @Override
    public int cleanupExpiredItems() {
        return json(call(post("/cleanup", null), true)).get("removed").asInt();
    }

    /** The server's database revision now (the {@code X-MikroDB-Revision} header of a {@code GET /health}). */
    @Override
    public long revision() {
        Transport.Response r = call(get("/health"), true);
        return r.header(dev.mikrodb.wire.WireHeaders.REVISION).map(Long::parseLong).orElseThrow(() ->
                new ServerErrorException(200, "no X-MikroDB-Revision header", transport.url(get("/health"))));
    }

    /** {@code GET /health}: the server's status object. */
    public JsonNode health() {
        return json(call(get("/health"), true));
    }

    /**
     * Subscribes over the server's change stream. Returns once the server has registered the subscription, so every
     * change committed afterwards is delivered (in revision order, on a background thread). After a dropped
     * connection or a server restart the stream reconnects and resumes from the last revision it delivered, so no
     * change is missed or repeated while the server retains it (docs/change-feed.md).
     *
     * @throws HistoryCompactedException when {@code options} start before the server's retained history
     */
    @Override
    public Subscription subscribe(String tableName, SubscribeOptions options, ChangeListener listener) {
        checkOpen();
        if (listener == null || options == null) {
            throw new ValidationException(listener == null ? "listener is missing" : "subscribe options are missing");
        }
        StringBuilder query = new StringBuilder();
        if (tableName != null) {
            query.append("&tableName=").append(encode(tableName));
        }
        query.append(databaseParam("&"));
        if (options.keyPrefix() != null) {
            query.append("&prefix=").append(encode(options.keyPrefix()));
        }
        if (options.includePrevious()) {
            query.append("&includePrevious=true");
        }
        String path = "/events" + (query.length() == 0 ? "" : "?" + query.substring(1));
        EventStream stream = new EventStream(transport, path, options.fromRevision(), listener);
        try {
            stream.start(requestTimeout.toMillis(), r -> error(r, transport.url(new Transport.Request("GET", path,
                    null))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            throw new ConnectionException(path, e, false);
        }
        subscriptions.add(stream);
        return new Subscription() {
            @Override
            public long droppedEvents() {
                return stream.droppedEvents();
            }

            @Override
            public long deliveredRevision() {
                return stream.deliveredRevision();
            }

            @Override
            public void close() {
                stream.close();
                subscriptions.remove(stream);
            }
        };
    }

    // ------------------------------------------------------------------ indexes and listing

    @Override
    public IndexInfo createIndex(String tableName, IndexSpec spec) {
        ObjectNode body = inDatabase(WireJson.object().put("tableName", tableName));
        ObjectNode json = IndexCodec.toJson(new IndexInfo(spec, 0, false));
        body.set("fields", json.get("fields"));
        body.put("unique", spec.unique()).put("sparse", spec.sparse()).put("name", spec.name());
        return IndexCodec.info(json(call(post("/index", body), false)));
    }

    @Override
    public boolean dropIndex(String tableName, String indexName) {
        return call(new Transport.Request("DELETE", "/index?tableName=" + encode(tableName) + "&name="
                + encode(indexName) + databaseParam("&"), null), false, 404).status() == 200;
    }

    @Override
    public List<IndexInfo> indexes(String tableName) {
        return IndexCodec.infos(json(call(get("/indexes?tableName=" + encode(tableName) + databaseParam("&")),
                true)));
    }

    @Override
    public KeyList list(String tableName, ListOptions options) {
        ListOptions o = options == null ? ListOptions.ALL : options;
        StringBuilder path = new StringBuilder("/list?tableName=").append(encode(tableName)).append("&limit=")
                .append(o.limit());
        if (o.prefix() != null) {
            path.append("&prefix=").append(encode(o.prefix()));
        }
        if (o.start() != null) {
            path.append("&start=").append(encode(o.start()));
        }
        if (o.end() != null) {
            path.append("&end=").append(encode(o.end()));
        }
        if (o.cursor() != null) {
            path.append("&cursor=").append(encode(o.cursor()));
        }
        if (o.reverse()) {
            path.append("&reverse=true");
        }
        return IndexCodec.keyList(json(call(get(path + databaseParam("&")), true)));
    }

    @Override
    public Explained explain(String tableName, Query query) {
        ObjectNode body = queryJson(tableName, query == null ? Query.all() : query).put("explain", true);
        JsonNode answer = json(call(post("/get", body), true));
        return new Explained(IndexCodec.plan(answer.get("plan")), ItemCodec.readArray(WireJson.toBytes(
                answer.get("results"))));
    }

    // ------------------------------------------------------------------ documents

    @Override
    public DocumentDatabase database(String name) {
        return new RemoteDatabase(jsonCalls, name);
    }

    @Override
    public List<String> databases() {
        return DocumentCodec.strings(json(call(get("/db"), true)).get("databases"));
    }

    /** A client for the tables of database {@code name}, sharing this one's connections; close it to end its streams. */
    @Override
    public MikroDBClient inDatabase(String name) {
        Fields.checkDatabaseName(name);
        return new MikroDBClient(transport, retry, requestTimeout, name);
    }

    private final JsonCalls jsonCalls = new JsonCalls() {
        @Override
        public JsonNode post(String path, JsonNode body, boolean idempotent) {
            return json(call(MikroDBClient.this.post(path, body), idempotent));
        }

        @Override
        public JsonNode get(String path) {
            Transport.Response r = call(MikroDBClient.this.get(path), true, 404);
            return r.status() == 404 ? null : json(r);
        }

        @Override
        public JsonNode getAs(String path, String authorization) {
            Transport.Response r = call(new Transport.Request("GET", path, null, authorization), true, 401);
            return r.status() == 401 ? null : json(r);
        }

        @Override
        public JsonNode put(String path, JsonNode body) {
            Transport.Response r = call(new Transport.Request("PUT", path, WireJson.toBytes(body)), false, 404);
            return r.status() == 404 ? null : json(r);
        }

        @Override
        public JsonNode delete(String path) {
            Transport.Response r = call(new Transport.Request("DELETE", path, null), false, 404);
            return r.status() == 404 ? null : json(r);
        }
    };

    /** The server's users and API keys (an admin's credentials needed), over {@code /api/users} and {@code /api/keys}. */
    public AccessControl accessControl() {
        return new RemoteAccessControl(jsonCalls);
    }

    /** The server's statistics ({@code GET /api/stats}, admin), as the JSON it answers (docs/operations.md). */
    public JsonNode serverStats() {
        return jsonCalls.get("/api/stats");
    }

    /** Takes a backup on the server ({@code POST /api/backup}, admin); the file stays in its backup directory. */
    public BackupInfo backup() {
        return backupInfo(jsonCalls.post("/api/backup", null, false));
    }

    /** The server's backups, oldest first ({@code GET /api/backups}). */
    public List<BackupInfo> backups() {
        List<BackupInfo> out = new ArrayList<>();
        jsonCalls.get("/api/backups").get("backups").forEach(b -> out.add(backupInfo(b)));
        return out;
    }

    /** Verifies one of the server's backups by file name; a damaged one throws with the file named. */
    public BackupInfo verifyBackup(String filename) {
        return backupInfo(jsonCalls.post("/api/backups/verify", WireJson.object().put("filename", filename), true));
    }

    /**
     * Replaces the server's data with one of its backups ({@code POST /api/restore}); requests pause while the data
     * is swapped. Returns the counts restored.
     */
    public BackupInfo restoreBackup(String filename) {
        JsonNode r = jsonCalls.post("/api/restore", WireJson.object().put("filename", filename), false);
        return new BackupInfo(java.nio.file.Path.of(filename), -1, r.path("duration_ms").asLong(),
                r.path("databases_restored").asInt(), r.path("collections_restored").asInt(),
                r.path("revision").asLong(), 0, false);
    }

    private static BackupInfo backupInfo(JsonNode b) {
        return new BackupInfo(java.nio.file.Path.of(b.get("filename").asText()), b.path("size_bytes").asLong(),
                b.path("duration_ms").asLong(), b.path("databases_count").asInt(), b.path("collections_count").asInt(),
                b.path("revision").asLong(), b.path("created_at").asLong(), b.path("encrypted").asBoolean());
    }

    /** Who the server takes this client for: name, role and scope ({@code GET /api/whoami}). */
    public Principal whoami() {
        return RemoteAccessControl.principal(jsonCalls.get("/api/whoami"));
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        if (databaseName == null) { // clients from inDatabase share the connections of the one that made them
            transport.close();
        }
    }

    // ------------------------------------------------------------------ the request loop

    private Transport.Request post(String path, JsonNode body) {
        return new Transport.Request("POST", path, body == null ? null : WireJson.toBytes(body));
    }

    private Transport.Request get(String path) {
        return new Transport.Request("GET", path, null);
    }

    static String encode(String value) {
        if (value == null) {
            throw new ValidationException("a table name or key is missing");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void checkOpen() {
        if (closed) {
            throw new DatabaseClosedException("client is closed");
        }
    }

    /**
     * Sends with retries; returns a 2xx response or one of the {@code acceptable} statuses, else throws the mapped
     * exception.
     *
     * @param idempotent whether the request may be repeated after it may have reached the server
     */
    private Transport.Response call(Transport.Request request, boolean idempotent, int... acceptable) {
        checkOpen();
        String url = transport.url(request);
        for (int attempt = 1; ; attempt++) {
            Transport.Response response;
            try {
                response = transport.send(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException(url, e, !idempotent);
            } catch (IOException e) {
                boolean notSent = notSent(e);
                if (attempt < retry.maxAttempts() && (notSent || idempotent)) {
                    pause(attempt, null);
                    continue;
                }
                throw new ConnectionException(url, e, !notSent && !idempotent);
            }
            if (retryable(response.status()) && attempt < retry.maxAttempts() && waitIsReasonable(response)) {
                pause(attempt, retryAfter(response));
                continue;
            }
            if (isSuccess(response.status(), acceptable)) {
                return response;
            }
            throw error(response, url);
        }
    }

    private CompletableFuture<Transport.Response> callAsync(Transport.Request request, boolean idempotent, int attempt,
                                                            int... acceptable) {
        checkOpen();
        String url = transport.url(request);
        return transport.sendAsync(request).handle((response, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause != null) {
                boolean notSent = cause instanceof IOException io && notSent(io);
                if (attempt < retry.maxAttempts() && (notSent || idempotent)) {
                    return later(request, idempotent, attempt, null, acceptable);
                }
                return CompletableFuture.<Transport.Response>failedFuture(new ConnectionException(url, cause,
                        !notSent && !idempotent));
            }
            if (retryable(response.status()) && attempt < retry.maxAttempts() && waitIsReasonable(response)) {
                return later(request, idempotent, attempt, retryAfter(response), acceptable);
            }
            if (isSuccess(response.status(), acceptable)) {
                return CompletableFuture.completedFuture(response);
            }
            return CompletableFuture.<Transport.Response>failedFuture(error(response, url));
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Transport.Response> later(Transport.Request request, boolean idempotent, int attempt,
                                                        Duration retryAfter, int... acceptable) {
        Executor delayed = CompletableFuture.delayedExecutor(retry.backoff(attempt, retryAfter, random).toMillis(),
                TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> null, delayed)
                .thenCompose(x -> callAsync(request, idempotent, attempt + 1, acceptable));
    }

    /** Connection refused and connect timeouts happen before any byte of the request is sent. */
    private static boolean notSent(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof ConnectException;
    }

    /** 429 and 503 mean the server did not process the request, so any request may be repeated. */
    private static boolean retryable(int status) {
        return status == 429 || status == 503;
    }

    /** A server asking for a longer pause than the request timeout gets an exception, not a hung caller. */
    private boolean waitIsReasonable(Transport.Response response) {
        Duration wait = retryAfter(response);
        return wait == null || wait.compareTo(requestTimeout) <= 0;
    }

    private static boolean isSuccess(int status, int... acceptable) {
        if (status >= 200 && status < 300) {
            return true;
        }
        for (int a : acceptable) {
            if (a == status) {
                return true;
            }
        }
        return false;
    }

    private void pause(int attempt, Duration retryAfter) {
        try {
            Thread.sleep(retry.backoff(attempt, retryAfter, random).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("retry", e, false);
        }
    }

    private static Duration retryAfter(Transport.Response response) {
        return response.header("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    /** The exception core would have thrown, or a client-side one naming the server's answer. */
    private static MikroDBException error(Transport.Response response, String url) {
        JsonNode body = null;
        try {
            body = WireJson.parseAnswer(response.body());
        } catch (ValidationException ignored) {
            // not our JSON (a proxy's error page, say): report the status alone
        }
        String message = body != null && body.hasNonNull("error") ? body.get("error").asText()
                : "unexpected answer (" + response.body().length + " bytes)";
        return switch (response.status()) {
            case 400 -> new ValidationException(message);
            case 401 -> new UnauthorizedException(message, url);
            case 403 -> new ForbiddenException(message, url);
            case 409 -> body != null && body.has("index") ? new UniqueIndexViolationException(
                    body.path("tableName").asText(""), body.get("index").asText(), body.path("value").asText(),
                    body.path("key").asText(), "?") : body != null && body.has("_id")
                    ? DuplicateIdException.reported(body.get("_id").asText(), message)
                    : body != null && body.has("currentVersion")
                    ? new VersionConflictException(body.path("tableName").asText(), body.path("key").asText(),
                    body.path("expectedVersion").asLong(), body.get("currentVersion").asLong())
                    : new ServerErrorException(409, message, url);
            case 410 -> body != null && body.has("compactRevision") ? new HistoryCompactedException(
                    body.path("requestedRevision").asLong(), body.path("compactRevision").asLong(),
                    body.path("currentRevision").asLong())
                    : new MikroDBException(message);
            case 413 -> new RequestTooLargeException(message, url);
            case 422 -> new dev.mikrodb.BackupVerificationException(message, body != null && body.hasNonNull("file")
                    ? body.get("file").asText() : null);
            case 429 -> new RateLimitedException(message, url, retryAfter(response));
            default -> new ServerErrorException(response.status(), message, url);
        };
    }

    private static JsonNode json(Transport.Response response) {
        try {
            return WireJson.parseAnswer(response.body());
        } catch (ValidationException e) {
            throw new ServerErrorException(response.status(), "answer is not JSON: " + e.getMessage(), "");
        }
    }

    /** Builder: base URL, API key, timeouts, TLS trust, HTTP/2, retries. */
    public static final class Builder {
        private final String baseUrl;
        private String apiKey;
        private String username;
        private String password;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private SSLContext sslContext;
        private boolean http2;
        private RetryPolicy retry = RetryPolicy.defaults();

        private Builder(String baseUrl) {
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
                throw new ValidationException("server URL must start with http:// or https://; got " + baseUrl);
            }
            this.baseUrl = baseUrl;
        }

        /** Sends this API key (or the server's {@code --apiKey}) as {@code Authorization: Bearer}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Logs in as this user ({@code POST /api/login}) before the first request and again whenever the session
         * token expires or the server no longer accepts it; the password stays in memory only.
         */
        public Builder credentials(String username, String password) {
            if (username == null || username.isEmpty() || password == null) {
                throw new ValidationException("credentials need a username and a password");
            }
            this.username = username;
            this.password = password;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Trust the certificates in a PEM file (for a server with a self-signed or private-CA certificate). */
        public Builder trustCertificates(Path pemFile) {
            try (var in = Files.newInputStream(pemFile)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca" + i++, c);
                }
                if (i == 0) {
                    throw new ValidationException("no certificate in " + pemFile);
                }
                return trustStore(store);
            } catch (IOException | GeneralSecurityException e) {
                throw new ValidationException("cannot read certificates from " + pemFile + ": " + e.getMessage());
            }
        }

        public Builder trustStore(KeyStore store) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                this.sslContext = context;
                return this;
            } catch (GeneralSecurityException e) {
                throw new ValidationException("cannot use trust store: " + e.getMessage());
            }
        }

        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /** Prefer HTTP/2 (negotiated over TLS; HTTP/1.1 otherwise). */
        public Builder http2(boolean preferred) {
            this.http2 = preferred;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        public MikroDBClient build() {
            if (apiKey != null && username != null) {
                throw new ValidationException("give an API key or a username and password, not both");
            }
            Credentials credentials = apiKey != null ? Credentials.apiKey(apiKey)
                    : username != null ? Credentials.password(username, password) : Credentials.NONE;
            return new MikroDBClient(new HttpTransport(baseUrl, credentials, connectTimeout, requestTimeout,
                    sslContext, http2), retry, requestTimeout);
        }
    }
}
