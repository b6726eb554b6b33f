package dev.mikrodb.config;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The {@code server.*} options, used by {@code mikrodb-server}. Immutable; build with {@link #builder()}. Every option
 * is listed, with its flag and default, in {@link ConfigOptions} and docs/configuration.md.
 */
public final class ServerSettings {
    public static final int DEFAULT_PORT = 3000;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 100;
    /** No origin may call the API from a browser unless configured: CORS closed by default. */
    public static final List<String> DEFAULT_ALLOWED_DOMAINS = List.of();
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 120_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 128;
    /** API keys shorter than this are refused: a short key can be guessed. */
    public static final int MIN_API_KEY_LENGTH = 16;

    private final int port;
    private final String host;
    private final boolean useHttps;
    private final boolean useHttp2;
    private final String sslCert;
    private final String sslKey;
    private final String sslCa;
    private final boolean rateLimitEnabled;
    private final int rateLimitRequestsPerMinute;
    private final List<String> allowedDomains;
    private final List<String> allowedHosts;
    private final boolean debug;
    private final String apiKey;
    private final String adminKey;
    private final BackupSettings backup;
    private final boolean insecure;
    private final boolean auth;
    private final Clock clock;
    private final long maxBodyBytes;
    private final long requestTimeoutMillis;
    private final long idleTimeoutMillis;
    private final int maxConnectionsPerClient;
    private final int ioThreads;

    private ServerSettings(Builder b) {
        this.port = b.port;
        this.host = b.host;
        this.useHttps = b.useHttps;
        this.useHttp2 = b.useHttp2;
        this.sslCert = b.sslCert;
        this.sslKey = b.sslKey;
        this.sslCa = b.sslCa;
        this.rateLimitEnabled = b.rateLimitEnabled;
        this.rateLimitRequestsPerMinute = b.rateLimitRequestsPerMinute;
        this.allowedDomains = List.copyOf(b.allowedDomains);
        this.allowedHosts = List.copyOf(b.allowedHosts);
        this.debug = b.debug;
        this.apiKey = b.apiKey;
        this.adminKey = b.adminKey;
        this.backup = b.backup.build();
        this.insecure = b.insecure;
        this.auth = b.auth;
        this.clock = b.clock;
        this.maxBodyBytes = b.maxBodyBytes;
        this.requestTimeoutMillis = b.requestTimeoutMillis;
        this.idleTimeoutMillis = b.idleTimeoutMillis;
        this.maxConnectionsPerClient = b.maxConnectionsPerClient;
        this.ioThreads = b.ioThreads;
    }

    /** A builder starting from the defaults: port 3000 on 127.0.0.1, no TLS, no rate limit, no CORS, 4 MiB bodies. */
    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return port;
    }

    /** The address to bind; loopback by default. */
    public String host() {
        return host;
    }

    public boolean useHttps() {
        return useHttps;
    }

    public boolean useHttp2() {
        return useHttp2;
    }

    public String sslCert() {
        return sslCert;
    }

    public String sslKey() {
        return sslKey;
    }

    public String sslCa() {
        return sslCa;
    }

    public boolean rateLimitEnabled() {
        return rateLimitEnabled;
    }

    /** Per client address, applied when {@link #rateLimitEnabled()}. */
    public int rateLimitRequestsPerMinute() {
        return rateLimitRequestsPerMinute;
    }

    /** CORS origins; {@code ["*"]} allows any, empty (the default) none. */
    public List<String> allowedDomains() {
        return allowedDomains;
    }

    /** Host header values accepted besides the bound address (and the loopback names on a loopback server). */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    public boolean debug() {
        return debug;
    }

    /** When set, every request but {@code /health} must carry it. */
    public String apiKey() {
        return apiKey;
    }

    /** Allow binding a non-loopback address without auth or an API key. */
    public boolean insecure() {
        return insecure;
    }

    /** Whether users, roles and scoped API keys are enforced on every route (docs/security.md). */
    /** Backups: directory, schedule, retention, compression, S3 (docs/operations.md). */
    public BackupSettings backup() {
        return backup;
    }

    /** The admin key a first start with auth stores, or null to create and print one. */
    public String adminKey() {
        return adminKey;
    }

    public boolean auth() {
        return auth;
    }

    /** The clock of session expiry and login lockouts (tests move it by hand). */
    public Clock clock() {
        return clock;
    }

    /** Request bodies larger than this are refused with 413. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** A request body must arrive within this time (408 otherwise). */
    public long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    /** A connection with no request for this long is closed. */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    /** Open connections one client address may hold. */
    public int maxConnectionsPerClient() {
        return maxConnectionsPerClient;
    }

    /** The server's I/O threads; 0: Undertow's choice, one per core and at least two. */
    public int ioThreads() {
        return ioThreads;
    }

    @Override
    public String toString() {
        return "ServerSettings{port=" + port + ", host=" + host + ", https=" + useHttps + ", http2=" + useHttp2
                + ", rateLimit=" + (rateLimitEnabled ? rateLimitRequestsPerMinute + "/min" : "off") + ", allowed="
                + allowedDomains + ", apiKey=" + (apiKey == null ? "none" : "set") + ", insecure=" + insecure + ", auth=" + auth + "}";
    }

    /** Builder for {@link ServerSettings}; setters check their value at once. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String host = DEFAULT_HOST;
        private boolean useHttps;
        private boolean useHttp2;
        private String sslCert;
        private String sslKey;
        private String sslCa;
        private boolean rateLimitEnabled;
        private int rateLimitRequestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
        private List<String> allowedDomains = DEFAULT_ALLOWED_DOMAINS;
        private List<String> allowedHosts = List.of();
        private boolean debug;
        private String apiKey;
        private String adminKey;
        private final BackupSettings.Builder backup = BackupSettings.builder();
        private boolean insecure;
        private boolean auth;
        private Clock clock = Clock.systemUTC();
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long requestTimeoutMillis = DEFAULT_REQUEST_TIMEOUT_MILLIS;
        private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
        private int maxConnectionsPerClient = DEFAULT_MAX_CONNECTIONS_PER_CLIENT;
        private int ioThreads;

        private Builder() {
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new ConfigurationException("port must be from 0 to 65535; got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new ConfigurationException("host must not be empty");
            }
            this.host = host.trim();
            return this;
        }

        /** HTTPS from PEM files; {@code caFile} (a chain to send after the certificate) may be null. */
        public Builder https(String certFile, String keyFile, String caFile) {
            this.useHttps = true;
            this.sslCert = certFile;
            this.sslKey = keyFile;
            this.sslCa = caFile;
            return this;
        }

        public Builder useHttps(boolean enabled) {
            this.useHttps = enabled;
            return this;
        }

        public Builder sslCert(String file) {
            this.sslCert = file;
            return this;
        }

        public Builder sslKey(String file) {
            this.sslKey = file;
            return this;
        }

        public Builder sslCa(String file) {
            this.sslCa = file;
            return this;
        }

        public Builder http2(boolean enabled) {
            this.useHttp2 = enabled;
            return this;
        }

        /** Turns rate limiting on at {@code requestsPerMinute} per client address. */
        public Builder rateLimit(int requestsPerMinute) {
            rateLimitEnabled(true);
            return requestsPerMinute(requestsPerMinute);
        }

        public Builder rateLimitEnabled(boolean enabled) {
            this.rateLimitEnabled = enabled;
            return this;
        }

        /** The rate limit's allowance per client address, used when rate limiting is on. */
        public Builder requestsPerMinute(int requestsPerMinute) {
            this.rateLimitRequestsPerMinute = (int) within("requestsPerMinute", requestsPerMinute, 1, Integer.MAX_VALUE,
                    "");
            return this;
        }

        public Builder allowedDomains(List<String> origins) {
            this.allowedDomains = List.copyOf(origins);
            return this;
        }

        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = List.copyOf(hosts);
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Requires this key on every request but {@code /health}. An empty or whitespace key, or one shorter than
         * {@link #MIN_API_KEY_LENGTH}, is refused: it would look like protection and be none.
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = checkKey("apiKey", apiKey);
            return this;
        }

        /**
         * With {@link #auth}: the admin key a first start stores instead of creating one (automation); ignored once
         * users or keys exist. Same rules as {@link #apiKey}.
         */
        public Builder adminKey(String adminKey) {
            this.adminKey = checkKey("adminKey", adminKey);
            return this;
        }

        /** Changes the backup settings: {@code backup(b -> b.enabled(true).schedule("0 3 * * *"))}. */
        public Builder backup(java.util.function.Consumer<BackupSettings.Builder> change) {
            change.accept(backup);
            return this;
        }

        private static String checkKey(String name, String key) {
            if (key != null) {
                if (key.isBlank()) {
                    throw new ConfigurationException(name + " is empty; give a key of at least " + MIN_API_KEY_LENGTH
                            + " characters (for example from 'openssl rand -hex 16'), or none to run without one");
                }
                if (!key.equals(key.strip())) {
                    throw new ConfigurationException(name + " starts or ends with whitespace; remove it");
                }
                if (key.length() < MIN_API_KEY_LENGTH) {
                    throw new ConfigurationException(name + " is " + key.length() + " characters; it must be at least "
                            + MIN_API_KEY_LENGTH + " (for example from 'openssl rand -hex 16')");
                }
            }
            return key;
        }

        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        public Builder auth(boolean auth) {
            this.auth = auth;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            this.maxBodyBytes = within("maxBodyBytes", bytes, 1024, Long.MAX_VALUE, "");
            return this;
        }

        public Builder requestTimeoutMillis(long millis) {
            this.requestTimeoutMillis = within("requestTimeout", millis, 100, Long.MAX_VALUE, " ms");
            return this;
        }

        public Builder idleTimeoutMillis(long millis) {
            this.idleTimeoutMillis = within("idleTimeout", millis, 1000, Long.MAX_VALUE, " ms");
            return this;
        }

        public Builder maxConnectionsPerClient(int max) {
            this.maxConnectionsPerClient = (int) within("maxConnectionsPerClient", max, 1, Integer.MAX_VALUE, "");
            return this;
        }

        public Builder ioThreads(int threads) { // 0: one per core, at least two (Undertow's choice)
            this.ioThreads = (int) within("ioThreads", threads, 0, 1024, "");
            return this;
        }

        private static long within(String name, long value, long min, long max, String unit) {
            if (value < min || value > max) {
                throw new ConfigurationException(name + " must be " + (value < min ? "at least " + min : "at most "
                        + max) + unit + "; got " + value);
            }
            return value;
        }

        public ServerSettings build() {
            return new ServerSettings(this);
        }
    }
}
