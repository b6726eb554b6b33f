package dev.mikrodb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link MikroDB#open(MikroOptions)} needs. Immutable; build with {@link #builder()}. Option names follow
 * the original MikroDB's configuration table.
 */
public final class MikroOptions {
    /** One in-process listener for one event name (or all, when the name is null). */
    public record ListenerRegistration(String event, ChangeListener listener) {
    }

    public static final String DEFAULT_DIRECTORY = "mikrodb";
    public static final String DEFAULT_DB_NAME = "mikrodb";
    public static final String DEFAULT_WAL_FILE_NAME = "wal.log";
    public static final long DEFAULT_WAL_INTERVAL_MILLIS = 2000;
    public static final int DEFAULT_MAX_WRITE_OPS_BEFORE_FLUSH = 100;
    public static final Durability DEFAULT_DURABILITY = Durability.OS;
    public static final int DEFAULT_MAX_LOADED_TABLES = 20;
    public static final long DEFAULT_MAX_CACHE_BYTES = 256L << 20;
    public static final long DEFAULT_MAX_WAL_BYTES = 64L << 20;
    public static final long DEFAULT_CHANGE_RETENTION_SECONDS = 24 * 3600;
    public static final long DEFAULT_CHANGE_RETENTION_BYTES = 1L << 30;

    private final Path databaseDirectory;
    private final String dbName;
    private final String walFileName;
    private final Duration walInterval;
    private final String encryptionKey;
    private final int maxWriteOpsBeforeFlush;
    private final Durability durability;
    private final int maxLoadedTables;
    private final long maxCacheBytes;
    private final long maxWalBytes;
    private final boolean debug;
    private final boolean strictRecovery;
    private final int autoIndexThreshold;
    private final int eventQueueCapacity;
    private final Duration changeRetention;
    private final long changeRetentionBytes;
    private final List<ListenerRegistration> listeners;
    private final List<WebhookTarget> webhooks;
    private final Clock clock;

    private MikroOptions(Builder b) {
        this.databaseDirectory = b.databaseDirectory;
        this.dbName = b.dbName;
        this.walFileName = b.walFileName;
        this.walInterval = b.walInterval;
        this.encryptionKey = b.encryptionKey;
        this.maxWriteOpsBeforeFlush = b.maxWriteOpsBeforeFlush;
        this.durability = b.durability;
        this.maxLoadedTables = b.maxLoadedTables;
        this.maxCacheBytes = b.maxCacheBytes;
        this.maxWalBytes = b.maxWalBytes;
        this.debug = b.debug;
        this.strictRecovery = b.strictRecovery;
        this.autoIndexThreshold = b.autoIndexThreshold;
        this.eventQueueCapacity = b.eventQueueCapacity;
        this.changeRetention = b.changeRetention;
        this.changeRetentionBytes = b.changeRetentionBytes;
        this.listeners = List.copyOf(b.listeners);
        this.webhooks = List.copyOf(b.webhooks);
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options with every default: directory {@code ./mikrodb}. */
    public static MikroOptions defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.databaseDirectory = databaseDirectory;
        b.dbName = dbName;
        b.walFileName = walFileName;
        b.walInterval = walInterval;
        b.encryptionKey = encryptionKey;
        b.maxWriteOpsBeforeFlush = maxWriteOpsBeforeFlush;
        b.durability = durability;
        b.maxLoadedTables = maxLoadedTables;
        b.maxCacheBytes = maxCacheBytes;
        b.maxWalBytes = maxWalBytes;
        b.debug = debug;
        b.strictRecovery = strictRecovery;
        b.autoIndexThreshold = autoIndexThreshold;
        b.eventQueueCapacity = eventQueueCapacity;
        b.changeRetention = changeRetention;
        b.changeRetentionBytes = changeRetentionBytes;
        b.listeners.addAll(listeners);
        b.webhooks.addAll(webhooks);
        b.clock = clock;
        return b;
    }

    public Path databaseDirectory() {
        return databaseDirectory;
    }

    public String dbName() {
        return dbName;
    }

    public String walFileName() {
        return walFileName;
    }

    public Duration walInterval() {
        return walInterval;
    }

    /** The passphrase, or null for an unencrypted database. */
    public String encryptionKey() {
        return encryptionKey;
    }

    public int maxWriteOpsBeforeFlush() {
        return maxWriteOpsBeforeFlush;
    }

    public Durability durability() {
        return durability;
    }

    public int maxLoadedTables() {
        return maxLoadedTables;
    }

    public long maxCacheBytes() {
        return maxCacheBytes;
    }

    public long maxWalBytes() {
        return maxWalBytes;
    }

    public boolean debug() {
        return debug;
    }

    /** Whether recovery refuses a damaged WAL tail instead of setting it aside (see docs/reliability.md). */
    public boolean strictRecovery() {
        return strictRecovery;
    }

    /**
     * Automatic indexing (JoystickDB's {@code performance.auto_index_threshold}): a field queried by equality more
     * than this many times without an index gets one; 0 (the default) turns it off.
     */
    public int autoIndexThreshold() {
        return autoIndexThreshold;
    }

    public int eventQueueCapacity() {
        return eventQueueCapacity;
    }

    /** How long the change feed keeps committed events for subscribers that resume (docs/change-feed.md). */
    public Duration changeRetention() {
        return changeRetention;
    }

    /** The change feed's size cap: past it the oldest history goes first, whatever its age. */
    public long changeRetentionBytes() {
        return changeRetentionBytes;
    }

    public List<ListenerRegistration> listeners() {
        return listeners;
    }

    public List<WebhookTarget> webhooks() {
        return webhooks;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "MikroOptions{databaseDirectory=" + databaseDirectory + ", dbName=" + dbName + ", walFileName="
                + walFileName + ", walInterval=" + walInterval.toMillis() + "ms, encrypted=" + (encryptionKey != null)
                + ", maxWriteOpsBeforeFlush=" + maxWriteOpsBeforeFlush + ", durability=" + durability.configName()
                + ", maxLoadedTables=" + maxLoadedTables + ", maxCacheBytes=" + maxCacheBytes + ", maxWalBytes="
                + maxWalBytes + ", debug=" + debug + ", listeners=" + listeners.size() + ", webhooks="
                + webhooks.size() + "}";
    }

    /** Builder with the seed's defaults. Every setter validates at once, naming the option. */
    public static final class Builder {
        private Path databaseDirectory = Path.of(DEFAULT_DIRECTORY);
        private String dbName = DEFAULT_DB_NAME;
        private String walFileName = DEFAULT_WAL_FILE_NAME;
        private Duration walInterval = Duration.ofMillis(DEFAULT_WAL_INTERVAL_MILLIS);
        private String encryptionKey;
        private int maxWriteOpsBeforeFlush = DEFAULT_MAX_WRITE_OPS_BEFORE_FLUSH;
        private Durability durability = DEFAULT_DURABILITY;
        private int maxLoadedTables = DEFAULT_MAX_LOADED_TABLES;
        private long maxCacheBytes = DEFAULT_MAX_CACHE_BYTES;
        private long maxWalBytes = DEFAULT_MAX_WAL_BYTES;
        private boolean debug;
        private boolean strictRecovery;
        private int autoIndexThreshold;
        private int eventQueueCapacity = 10_000;
        private Duration changeRetention = Duration.ofSeconds(DEFAULT_CHANGE_RETENTION_SECONDS);
        private long changeRetentionBytes = DEFAULT_CHANGE_RETENTION_BYTES;
        private final List<ListenerRegistration> listeners = new ArrayList<>();
        private final List<WebhookTarget> webhooks = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder databaseDirectory(Path directory) {
            this.databaseDirectory = Objects.requireNonNull(directory, "databaseDirectory");
            return this;
        }

        public Builder databaseDirectory(String directory) {
            if (directory == null || directory.isBlank()) {
                throw new ValidationException("databaseDirectory must not be empty");
            }
            return databaseDirectory(Path.of(directory));
        }

        public Builder dbName(String dbName) {
            if (dbName == null || dbName.isBlank()) {
                throw new ValidationException("dbName must not be empty");
            }
            this.dbName = dbName;
            return this;
        }

        /** The WAL's file name inside the database directory; a plain name, no path separators. */
        public Builder walFileName(String walFileName) {
            if (walFileName == null || !walFileName.matches("[A-Za-z0-9_.-]{1,128}") || walFileName.equals(".")
                    || walFileName.equals("..") || walFileName.endsWith(".tbl") || walFileName.equals("mikrodb.meta")
                    || walFileName.equals("LOCK")) {
                throw new ValidationException("walFileName must be a plain file name of letters, digits, '_', '-' "
                        + "and '.', not a table or metadata file name; got '" + walFileName + "'");
            }
            this.walFileName = walFileName;
            return this;
        }

        public Builder walInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 1) {
                throw new ValidationException("walInterval must be at least 1 ms; got " + interval);
            }
            this.walInterval = interval;
            return this;
        }

        public Builder walIntervalMillis(long millis) {
            return walInterval(Duration.ofMillis(millis));
        }

        /** A passphrase; the AES-256 key is derived from it with scrypt and a random per-database salt. */
        public Builder encryptionKey(String passphrase) {
            if (passphrase != null && passphrase.isEmpty()) {
                throw new ValidationException("encryptionKey must not be empty; omit it for an unencrypted database");
            }
            this.encryptionKey = passphrase;
            return this;
        }

        public Builder maxWriteOpsBeforeFlush(int ops) {
            if (ops < 1) {
                throw new ValidationException("maxWriteOpsBeforeFlush must be at least 1; got " + ops);
            }
            this.maxWriteOpsBeforeFlush = ops;
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        public Builder maxLoadedTables(int tables) {
            if (tables < 1) {
                throw new ValidationException("maxLoadedTables must be at least 1; got " + tables);
            }
            this.maxLoadedTables = tables;
            return this;
        }

        public Builder maxCacheBytes(long bytes) {
            if (bytes < 1) {
                throw new ValidationException("maxCacheBytes must be positive; got " + bytes);
            }
            this.maxCacheBytes = bytes;
            return this;
        }

        /** When the active WAL segment passes this size a checkpoint starts. */
        public Builder maxWalBytes(long bytes) {
            if (bytes < 1024) {
                throw new ValidationException("maxWalBytes must be at least 1024; got " + bytes);
            }
            this.maxWalBytes = bytes;
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Refuse to open when the WAL ends in a damaged record, instead of setting the damaged tail aside (off by
         * default: a crash mid-write leaves exactly such a tail). Damage followed by valid records always refuses.
         */
        /** 0 (off) or the count of unindexed equality queries on a field after which it is indexed. */
        public Builder autoIndexThreshold(int threshold) {
            if (threshold < 0) {
                throw new ValidationException("autoIndexThreshold must be 0 (off) or more; got " + threshold);
            }
            this.autoIndexThreshold = threshold;
            return this;
        }

        public Builder strictRecovery(boolean strict) {
            this.strictRecovery = strict;
            return this;
        }

        /** How long the change feed keeps history for resuming subscribers; zero keeps none (live events only). */
        public Builder changeRetention(Duration retention) {
            if (retention == null || retention.isNegative()) {
                throw new ValidationException("changeRetention must be zero or more; got " + retention);
            }
            this.changeRetention = retention;
            return this;
        }

        /** The most bytes of history the change feed keeps; zero keeps none. */
        public Builder changeRetentionBytes(long bytes) {
            if (bytes < 0) {
                throw new ValidationException("changeRetentionBytes must be zero or more; got " + bytes);
            }
            this.changeRetentionBytes = bytes;
            return this;
        }

        /** How many events one subscriber's memory queue holds; past it the subscriber reads from the change feed. */
        public Builder eventQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new ValidationException("eventQueueCapacity must be at least 1; got " + capacity);
            }
            this.eventQueueCapacity = capacity;
            return this;
        }

        /** Registers an in-process listener for {@code event} (one of {@link ChangeEvent#ALL}), or all if null. */
        public Builder listener(String event, ChangeListener listener) {
            if (event != null && !ChangeEvent.ALL.contains(event)) {
                throw new ValidationException("unknown event '" + event + "'; known events: " + ChangeEvent.ALL);
            }
            listeners.add(new ListenerRegistration(event, Objects.requireNonNull(listener, "listener")));
            return this;
        }

        public Builder webhook(WebhookTarget target) {
            webhooks.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        public Builder webhook(String name, String url, Map<String, String> headers, List<String> events) {
            try {
                return webhook(new WebhookTarget(name, java.net.URI.create(url), headers, events));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("webhook target '" + name + "' has an invalid url: " + e.getMessage());
            }
        }

        /** The clock for timestamps and expiry; tests pass a controllable one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MikroOptions build() {
            return new MikroOptions(this);
        }
    }
}
