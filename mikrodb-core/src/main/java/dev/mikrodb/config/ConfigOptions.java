package dev.mikrodb.config;

import dev.mikrodb.Durability;
import dev.mikrodb.MikroOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every configuration option MikroDB has, in the order help lists them. See {@link ConfigOption}. */
public final class ConfigOptions {
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final List<ConfigOption> OPTIONS = new ArrayList<>();

    static {
        string("db.databaseDirectory", "dir", MikroOptions.DEFAULT_DIRECTORY, null, "DIR",
                "The database directory.", (db, s, v) -> db.databaseDirectory((String) v));
        string("db.dbName", "db", MikroOptions.DEFAULT_DB_NAME, null, "NAME",
                "A label for the database, shown in logs and /health.", (db, s, v) -> db.dbName((String) v));
        string("db.walFileName", "wal", MikroOptions.DEFAULT_WAL_FILE_NAME, null, "FILE",
                "The write-ahead log's file name inside the directory.", (db, s, v) -> db.walFileName((String) v));
        integer("db.walInterval", "interval", 1, NO_LIMIT, MikroOptions.DEFAULT_WAL_INTERVAL_MILLIS, "MS",
                "Milliseconds between WAL fsyncs (os and async modes), expiry sweeps and checkpoint checks.",
                (db, s, v) -> db.walIntervalMillis((Long) v));
        add(new ConfigOption("db.encryptionKey", "encryptionKey", List.of(), ConfigOption.Kind.STRING, 0, 0, null,
                "MIKRODB_ENCRYPTION_KEY", "KEY", "Passphrase for encryption at rest (AES-256-GCM, scrypt-derived key); "
                + "prompted for when given without a value.", true, (db, s, v) -> db.encryptionKey((String) v)));
        integer("db.maxWriteOpsBeforeFlush", "maxWrites", 1, Integer.MAX_VALUE,
                MikroOptions.DEFAULT_MAX_WRITE_OPS_BEFORE_FLUSH, "N",
                "Writes between checkpoint checks, and the async mode's buffer size.",
                (db, s, v) -> db.maxWriteOpsBeforeFlush(((Long) v).intValue()));
        string("db.durability", "durability", MikroOptions.DEFAULT_DURABILITY.configName(), null, "MODE",
                "sync (fsync before acknowledging), os (survives a killed process) or async (buffered).",
                (db, s, v) -> db.durability(Durability.parse((String) v)));
        integer("db.maxLoadedTables", "maxLoadedTables", 1, Integer.MAX_VALUE, MikroOptions.DEFAULT_MAX_LOADED_TABLES,
                "N", "Tables kept in memory; the least recently used beyond this are evicted.",
                (db, s, v) -> db.maxLoadedTables(((Long) v).intValue()));
        integer("db.maxCacheBytes", "maxCacheBytes", 1, NO_LIMIT, MikroOptions.DEFAULT_MAX_CACHE_BYTES, "BYTES",
                "Estimated bytes of loaded tables beyond which tables are evicted.",
                (db, s, v) -> db.maxCacheBytes((Long) v));
        integer("db.maxWalBytes", "maxWalBytes", 1024, NO_LIMIT, MikroOptions.DEFAULT_MAX_WAL_BYTES, "BYTES",
                "WAL size that forces a checkpoint.", (db, s, v) -> db.maxWalBytes((Long) v));
        integer("db.changeRetention", "changeRetention", 0, NO_LIMIT, MikroOptions.DEFAULT_CHANGE_RETENTION_SECONDS,
                "SECONDS", "How long the change feed keeps events for subscribers that resume; 0 keeps none. See "
                + "docs/change-feed.md.", (db, s, v) -> db.changeRetention(java.time.Duration.ofSeconds((Long) v)));
        integer("db.changeRetentionBytes", "changeRetentionBytes", 0, NO_LIMIT,
                MikroOptions.DEFAULT_CHANGE_RETENTION_BYTES, "BYTES", "The change feed's size cap; the oldest events "
                + "go first past it.", (db, s, v) -> db.changeRetentionBytes((Long) v));
        integer("db.autoIndexThreshold", "autoIndexThreshold", 0, Integer.MAX_VALUE, 0, "N",
                "Index a field automatically after this many equality queries on it found no index; 0 (default) is "
                        + "off. See docs/indexes.md.", (db, s, v) -> db.autoIndexThreshold(((Long) v).intValue()));
        bool("db.strictRecovery", "strict", null, "Refuse to open when the WAL ends in a damaged record instead of "
                + "setting the damaged tail aside.", (db, s, v) -> db.strictRecovery((Boolean) v));
        bool("db.debug", "debug", "DEBUG", "More logging, and stack traces with errors.", (db, s, v) -> db.debug((Boolean) v));
        bool("server.debug", "debug", "DEBUG", "The server's share of --debug: request failures in detail.",
                (db, s, v) -> s.debug((Boolean) v));
        add(new ConfigOption("server.port", "port", List.of(), ConfigOption.Kind.INTEGER, 0, 65535,
                ServerSettings.DEFAULT_PORT, "PORT", "PORT", "The port to listen on; 0 picks a free one.", false,
                (db, s, v) -> s.port(((Long) v).intValue())));
        add(new ConfigOption("server.host", "host", List.of(), ConfigOption.Kind.STRING, 0, 0,
                ServerSettings.DEFAULT_HOST, "HOST", "HOST", "The address to bind; anything but loopback needs an API "
                + "key or --insecure.", false, (db, s, v) -> s.host((String) v)));
        bool("server.useHttps", "https", null, "Serve HTTPS (needs --cert and --key).", (db, s, v) -> s.useHttps((Boolean) v));
        bool("server.useHttp2", "http2", null, "Offer HTTP/2.", (db, s, v) -> s.http2((Boolean) v));
        string("server.sslCert", "cert", null, null, "PEM", "The certificate (chain) file, PEM.",
                (db, s, v) -> s.sslCert((String) v));
        string("server.sslKey", "key", null, null, "PEM", "The private key file, PEM.", (db, s, v) -> s.sslKey((String) v));
        string("server.sslCa", "ca", null, null, "PEM", "A CA chain file to send after the certificate, PEM.",
                (db, s, v) -> s.sslCa((String) v));
        bool("server.rateLimit.enabled", "ratelimit", null, "Limit requests per client address.",
                (db, s, v) -> s.rateLimitEnabled((Boolean) v));
        add(new ConfigOption("server.rateLimit.requestsPerMinute", "requestsPerMinute", List.of("rps"),
                ConfigOption.Kind.INTEGER, 1, Integer.MAX_VALUE, ServerSettings.DEFAULT_REQUESTS_PER_MINUTE, null, "N",
                "Requests per MINUTE per client address when rate limiting is on (--rps, the seed's name, means the "
                + "same: it is not per second).", false, (db, s, v) -> s.requestsPerMinute(((Long) v).intValue())));
        add(new ConfigOption("server.allowedDomains", "allowed", List.of(), ConfigOption.Kind.LIST, 0, 0, "none",
                null, "ORIGINS", "Comma-separated origins allowed to call the API from a browser (CORS); * for any.",
                false, (db, s, v) -> s.allowedDomains(asStrings(v))));
        add(new ConfigOption("server.allowedHosts", "allowedHosts", List.of(), ConfigOption.Kind.LIST, 0, 0, "none",
                null, "NAMES", "Comma-separated Host header names to answer besides the bound address (and, on "
                + "loopback, localhost); others get 421, which stops DNS rebinding.", false,
                (db, s, v) -> s.allowedHosts(asStrings(v))));
        add(new ConfigOption("server.apiKey", "apiKey", List.of(), ConfigOption.Kind.STRING, 0, 0, null,
                "MIKRODB_API_KEY", "KEY", "Require this API key (Authorization: Bearer or X-API-Key), at least 16 "
                + "characters; prompted for when given without a value.", true, (db, s, v) -> s.apiKey((String) v)));
        bool("server.insecure", "insecure", null, "Allow a non-loopback --host without --auth or an API key.",
                (db, s, v) -> s.insecure((Boolean) v));
        bool("server.auth", "auth", "MIKRODB_AUTH", "Enforce users, roles and scoped API keys on every route; the "
                + "first start creates and prints an admin key (or takes MIKRODB_ADMIN_KEY). See docs/security.md.",
                (db, s, v) -> s.auth((Boolean) v));
        string("server.backupDirectory", "backupDir", null, "MIKRODB_BACKUP_DIR", "DIR", "Where POST /api/backup "
                + "writes backups and /api/restore finds them (default: the database directory's name + "
                + "'-backups', beside it).", (db, s, v) -> s.backup(b -> b.directory((String) v)));
        bool("backup.enabled", "backups", "MIKRODB_BACKUP_ENABLED", "Take backups on backup.schedule into the backup "
                + "directory while serving (docs/operations.md).", (db, s, v) -> s.backup(b -> b.enabled((Boolean) v)));
        string("backup.schedule", "backupSchedule", BackupSettings.DEFAULT_SCHEDULE, "MIKRODB_BACKUP_SCHEDULE",
                "CRON", "When to take scheduled backups: a standard 5-field cron expression in UTC (minute hour "
                + "day-of-month month day-of-week), checked at start.", (db, s, v) -> s.backup(b -> b.schedule((String) v)));
        integer("backup.retention_days", "backupRetentionDays", 0, 36_500, 0, "DAYS", "Delete scheduled backups "
                + "older than this many days; 0 keeps them.", (db, s, v) -> s.backup(b -> b.retentionDays(((Long) v)
                .intValue())));
        integer("backup.keep_last", "backupKeepLast", 0, 1_000_000, 0, "N", "Keep at most this many backups, the "
                + "newest; 0 for no limit.", (db, s, v) -> s.backup(b -> b.keepLast(((Long) v).intValue())));
        add(new ConfigOption("backup.compression", "backupCompression", List.of(), ConfigOption.Kind.BOOLEAN, 0, 0,
                true, "MIKRODB_BACKUP_COMPRESSION", null, "Compress backups (deflate, fast); false stores the files as "
                + "they are (an encrypted database's files do not compress).", false,
                (db, s, v) -> s.backup(b -> b.compression((Boolean) v))));
        string("backup.s3.bucket", "s3Bucket", null, "MIKRODB_BACKUP_S3_BUCKET", "NAME", "Also copy every backup to "
                + "this S3 bucket, and restore from it (docs/operations.md).", (db, s, v) -> s.backup(b -> b.s3Bucket((String) v)));
        string("backup.s3.region", "s3Region", null, "MIKRODB_BACKUP_S3_REGION", "REGION", "The bucket's region "
                + "(default us-east-1).", (db, s, v) -> s.backup(b -> b.s3Region((String) v)));
        string("backup.s3.endpoint", "s3Endpoint", null, "MIKRODB_BACKUP_S3_ENDPOINT", "URL", "An S3-compatible "
                + "store's URL instead of AWS (path-style addressing).", (db, s, v) -> s.backup(b -> b.s3Endpoint((String) v)));
        string("backup.s3.prefix", "s3Prefix", null, "MIKRODB_BACKUP_S3_PREFIX", "PREFIX", "Prepended to backup "
                + "file names to make object keys (e.g. mikrodb/).", (db, s, v) -> s.backup(b -> b.s3Prefix((String) v)));
        string("backup.s3.access_key_id", "s3AccessKeyId", null, "MIKRODB_BACKUP_S3_ACCESS_KEY_ID", "KEY", "With "
                + "the secret: the S3 credentials; without both, the standard AWS credentials (AWS_ACCESS_KEY_ID...).",
                (db, s, v) -> s.backup(b -> b.s3AccessKeyId((String) v)));
        add(new ConfigOption("backup.s3.secret_access_key", "s3SecretAccessKey", List.of(), ConfigOption.Kind.STRING,
                0, 0, null, "MIKRODB_BACKUP_S3_SECRET_ACCESS_KEY", "SECRET", "The S3 secret key (see "
                + "backup.s3.access_key_id).", true, (db, s, v) -> s.backup(b -> b.s3SecretAccessKey((String) v))));
        add(new ConfigOption("server.adminKey", "adminKey", List.of(), ConfigOption.Kind.STRING, 0, 0, null,
                "MIKRODB_ADMIN_KEY", "KEY", "With --auth: the admin API key the first start stores (instead of "
                + "creating and printing one), at least 16 characters.", true, (db, s, v) -> s.adminKey((String) v)));
        integer("server.maxBodyBytes", "maxBodyBytes", 1024, Integer.MAX_VALUE, ServerSettings.DEFAULT_MAX_BODY_BYTES,
                "BYTES", "Request bodies larger than this are refused with 413.", (db, s, v) -> s.maxBodyBytes((Long) v));
        integer("server.requestTimeout", "requestTimeout", 100, NO_LIMIT, ServerSettings.DEFAULT_REQUEST_TIMEOUT_MILLIS,
                "MS", "A request body must arrive within this many milliseconds (408 otherwise).",
                (db, s, v) -> s.requestTimeoutMillis((Long) v));
        integer("server.idleTimeout", "idleTimeout", 1000, NO_LIMIT, ServerSettings.DEFAULT_IDLE_TIMEOUT_MILLIS, "MS",
                "A connection idle this many milliseconds is closed.", (db, s, v) -> s.idleTimeoutMillis((Long) v));
        integer("server.maxConnectionsPerClient", "maxConnectionsPerClient", 1, Integer.MAX_VALUE,
                ServerSettings.DEFAULT_MAX_CONNECTIONS_PER_CLIENT, "N",
                "Open connections one client address may hold (503 beyond).",
                (db, s, v) -> s.maxConnectionsPerClient(((Long) v).intValue()));
        integer("server.ioThreads", "ioThreads", 0, 1024, 0, "N", "Threads reading and writing connections (and "
                + "answering key reads and writes); 0: one per core, at least two.",
                (db, s, v) -> s.ioThreads(((Long) v).intValue()));
    }

    /** Every option, in help order. */
    public static final List<ConfigOption> ALL = List.copyOf(OPTIONS);

    private ConfigOptions() {
    }

    private static void add(ConfigOption option) {
        OPTIONS.add(option);
    }

    private static void string(String key, String flag, Object def, String env, String label, String description,
                               ConfigOption.Binder binder) {
        add(new ConfigOption(key, flag, List.of(), ConfigOption.Kind.STRING, 0, 0, def, env, label, description,
                false, binder));
    }

    private static void integer(String key, String flag, long min, long max, Object def, String label,
                                String description, ConfigOption.Binder binder) {
        add(new ConfigOption(key, flag, List.of(), ConfigOption.Kind.INTEGER, min, max, def, null, label, description,
                false, binder));
    }

    private static void bool(String key, String flag, String env, String description, ConfigOption.Binder binder) {
        add(new ConfigOption(key, flag, List.of(), ConfigOption.Kind.BOOLEAN, 0, 0, false, env, null, description,
                false, binder));
    }

    @SuppressWarnings("unchecked")
    private static List<String> asStrings(Object v) {
        return (List<String>) v;
    }

    /** The option with this config key. */
    public static Optional<ConfigOption> byKey(String key) {
        return ALL.stream().filter(o -> o.key().equals(key)).findFirst();
    }

    /** The options a flag sets (several for --debug), empty when the flag is unknown. */
    public static List<ConfigOption> byFlag(String flag) {
        return ALL.stream().filter(o -> o.flagNames().contains(flag)).toList();
    }

    /** Distinct flags, in help order, one option each (the first that has it). */
    public static List<ConfigOption> distinctFlags() {
        List<ConfigOption> result = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (ConfigOption o : ALL) {
            if (!seen.contains(o.flag())) {
                seen.add(o.flag());
                result.add(o);
            }
        }
        return result;
    }
}
