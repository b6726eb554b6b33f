package dev.mikrodb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.Durability;
import dev.mikrodb.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String json) throws Exception {
        Path f = dir.resolve("mikrodb.config.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void defaultsMatchTheSeedAndAreSafe() throws Exception {
        MikroConfig c = ConfigLoader.load(Map.of(), file("{}"), null, Map.of());
        assertEquals(Path.of("mikrodb"), c.db().databaseDirectory());
        assertEquals("wal.log", c.db().walFileName());
        assertEquals(2000, c.db().walInterval().toMillis());
        assertEquals(100, c.db().maxWriteOpsBeforeFlush());
        assertEquals(Durability.OS, c.db().durability());
        assertNull(c.db().encryptionKey());
        assertEquals(3000, c.server().port());
        assertEquals("127.0.0.1", c.server().host());
        assertEquals(List.of(), c.server().allowedDomains(), "no cross-origin access unless configured");
        assertFalse(c.server().rateLimitEnabled());
        assertNull(c.server().apiKey());
    }

    @Test
    void precedenceIsDefaultsEnvFileProgrammaticFlags() throws Exception {
        Path f = file("{\"db\": {\"walInterval\": 500, \"dbName\": \"fromfile\"}, \"server\": {\"port\": 8080,"
                + " \"host\": \"10.0.0.1\", \"rateLimit\": {\"enabled\": true}}}");
        Map<String, String> env = Map.of("PORT", "7000", "HOST", "0.0.0.0", "DEBUG", "true");
        MikroConfig fileOverEnv = ConfigLoader.load(env, f, null, Map.of());
        assertEquals(8080, fileOverEnv.server().port());
        assertEquals("10.0.0.1", fileOverEnv.server().host());
        assertTrue(fileOverEnv.db().debug(), "env DEBUG applies where nothing overrides it");
        assertTrue(fileOverEnv.server().rateLimitEnabled());
        assertEquals(100, fileOverEnv.server().rateLimitRequestsPerMinute(), "nested defaults survive a partial file");

        MikroConfig programmatic = ConfigLoader.load(env, f, WireJson.mapper().readTree(
                "{\"server\": {\"port\": 9000}, \"db\": {\"dbName\": \"code\"}}"), Map.of());
        assertEquals(9000, programmatic.server().port());
        assertEquals("code", programmatic.db().dbName());
        assertEquals(500, programmatic.db().walInterval().toMillis());

        MikroConfig flags = ConfigLoader.load(env, f, WireJson.mapper().readTree("{\"server\": {\"port\": 9000}}"),
                ConfigLoader.parseArgs(new String[] {"--port", "9100", "--dir=data", "--https", "--allowed",
                        "https://a.example, https://b.example", "--maxWrites", "7", "--durability", "sync"}));
        assertEquals(9100, flags.server().port());
        assertEquals(Path.of("data"), flags.db().databaseDirectory());
        assertTrue(flags.server().useHttps());
        assertEquals(List.of("https://a.example", "https://b.example"), flags.server().allowedDomains());
        assertEquals(7, flags.db().maxWriteOpsBeforeFlush());
        assertEquals(Durability.SYNC, flags.db().durability());
    }

    @Test
    void envPortIsUsedAndDebugFlagSetsBothSections() throws Exception {
        MikroConfig c = ConfigLoader.load(Map.of("PORT", "4321"), file("{}"), null, ConfigLoader.parseArgs(
                new String[] {"--debug"}));
        assertEquals(4321, c.server().port());
        assertTrue(c.db().debug());
        assertTrue(c.server().debug());
    }

    /** One row per flag: the value given and what it must produce. */
    private record FlagCase(String flag, String value, java.util.function.Function<MikroConfig, Object> actual,
                            Object expected) {
    }

    @Test
    void everyFlagOfTheCatalogReachesItsSetting() throws Exception {
        List<FlagCase> cases = List.of(
                new FlagCase("dir", "d", c -> c.db().databaseDirectory(), Path.of("d")),
                new FlagCase("db", "n", c -> c.db().dbName(), "n"),
                new FlagCase("wal", "w.log", c -> c.db().walFileName(), "w.log"),
                new FlagCase("interval", "10", c -> c.db().walInterval().toMillis(), 10L),
                new FlagCase("encryptionKey", "k", c -> c.db().encryptionKey(), "k"),
                new FlagCase("maxWrites", "5", c -> c.db().maxWriteOpsBeforeFlush(), 5),
                new FlagCase("durability", "async", c -> c.db().durability(), Durability.ASYNC),
                new FlagCase("maxLoadedTables", "3", c -> c.db().maxLoadedTables(), 3),
                new FlagCase("maxCacheBytes", "12345", c -> c.db().maxCacheBytes(), 12345L),
                new FlagCase("maxWalBytes", "4096", c -> c.db().maxWalBytes(), 4096L),
                new FlagCase("changeRetention", "60", c -> c.db().changeRetention(), java.time.Duration.ofSeconds(60)),
                new FlagCase("changeRetentionBytes", "8192", c -> c.db().changeRetentionBytes(), 8192L),
                new FlagCase("debug", null, c -> c.db().debug() && c.server().debug(), true),
                new FlagCase("autoIndexThreshold", "50", c -> c.db().autoIndexThreshold(), 50),
                new FlagCase("strict", null, c -> c.db().strictRecovery(), true),
                new FlagCase("port", "1", c -> c.server().port(), 1),
                new FlagCase("auth", null, c -> c.server().auth(), true),
                new FlagCase("host", "h", c -> c.server().host(), "h"),
                new FlagCase("https", null, c -> c.server().useHttps(), true),
                new FlagCase("http2", null, c -> c.server().useHttp2(), true),
                new FlagCase("cert", "c.pem", c -> c.server().sslCert(), "c.pem"),
                new FlagCase("key", "k.pem", c -> c.server().sslKey(), "k.pem"),
                new FlagCase("ca", "ca.pem", c -> c.server().sslCa(), "ca.pem"),
                new FlagCase("ratelimit", null, c -> c.server().rateLimitEnabled(), true),
                new FlagCase("requestsPerMinute", "60", c -> c.server().rateLimitRequestsPerMinute(), 60),
                new FlagCase("rps", "61", c -> c.server().rateLimitRequestsPerMinute(), 61),
                new FlagCase("allowed", "x,y", c -> c.server().allowedDomains(), List.of("x", "y")),
                new FlagCase("apiKey", "a-long-enough-key", c -> c.server().apiKey(), "a-long-enough-key"),
                new FlagCase("adminKey", "an-admin-key-0123", c -> c.server().adminKey(), "an-admin-key-0123"),
                new FlagCase("backupDir", "/var/backups/mikrodb", c -> c.server().backup().directory(),
                        "/var/backups/mikrodb"),
                new FlagCase("backups", null, c -> c.server().backup().enabled(), true),
                new FlagCase("backupSchedule", "30 3 * * 1", c -> c.server().backup().schedule(), "30 3 * * 1"),
                new FlagCase("backupRetentionDays", "30", c -> c.server().backup().retentionDays(), 30),
                new FlagCase("backupKeepLast", "7", c -> c.server().backup().keepLast(), 7),
                new FlagCase("backupCompression=false", null, c -> c.server().backup().compression(), false),
                new FlagCase("s3Bucket", "my-backups", c -> c.server().backup().s3().bucket(), "my-backups"),
                new FlagCase("s3Bucket=b --s3Region=eu-west-1", null, c -> c.server().backup().s3().region(), "eu-west-1"),
                new FlagCase("s3Bucket=b --s3Endpoint=http://127.0.0.1:9000", null, c -> c.server().backup().s3().endpoint(),
                        "http://127.0.0.1:9000"),
                new FlagCase("s3Bucket=b --s3Prefix=mikrodb/", null, c -> c.server().backup().s3().prefix(), "mikrodb/"),
                new FlagCase("s3Bucket=b --s3AccessKeyId=AK --s3SecretAccessKey=SK", null,
                        c -> c.server().backup().s3().accessKeyId() + "/" + c.server().backup().s3().secretAccessKey(), "AK/SK"),
                new FlagCase("insecure", null, c -> c.server().insecure(), true),
                new FlagCase("maxBodyBytes", "2048", c -> c.server().maxBodyBytes(), 2048L),
                new FlagCase("allowedHosts", "db.internal,db", c -> c.server().allowedHosts(),
                        List.of("db.internal", "db")),
                new FlagCase("requestTimeout", "5000", c -> c.server().requestTimeoutMillis(), 5000L),
                new FlagCase("idleTimeout", "9000", c -> c.server().idleTimeoutMillis(), 9000L),
                new FlagCase("maxConnectionsPerClient", "7", c -> c.server().maxConnectionsPerClient(), 7),
                new FlagCase("ioThreads", "1", c -> c.server().ioThreads(), 1));
        Path empty = file("{}");
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (FlagCase fc : cases) {
            String[] args = fc.value() == null ? ("--" + fc.flag()).split(" ")
                    : new String[] {"--" + fc.flag(), fc.value()};
            MikroConfig c = ConfigLoader.load(Map.of(), empty, null, ConfigLoader.parseArgs(args));
            assertEquals(fc.expected(), fc.actual().apply(c), "--" + fc.flag());
            for (String arg : fc.flag().split(" ")) {
                ConfigOptions.byFlag(arg.replaceFirst("^--", "").split("=")[0]).forEach(o -> covered.add(o.key()));
            }
        }
        for (ConfigOption o : ConfigOptions.ALL) {
            assertTrue(covered.contains(o.key()), "no case covers " + o.key() + " (--" + o.flag() + ")");
        }
    }

    @Test
    void everyConfigKeyHasAFlagAndEveryFlagIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (ConfigOption o : ConfigOptions.ALL) {
            assertFalse(o.flag() == null || o.flag().isBlank(), o.key() + " has no flag");
            assertFalse(o.description().isBlank(), o.key() + " has no description");
            assertTrue(doc.contains("`" + o.key() + "`"), "docs/configuration.md lacks " + o.key());
            for (String flag : o.flagNames()) {
                assertTrue(doc.contains("`--" + flag + "`"), "docs/configuration.md lacks --" + flag);
            }
            if (o.env() != null) {
                assertTrue(doc.contains("`" + o.env() + "`"), "docs/configuration.md lacks " + o.env());
            }
        }
    }

    @Test
    void webhookTargetsComeFromTheEventsSection() throws Exception {
        Path f = file("{\"events\": {\"targets\": [{\"name\": \"internal\", \"events\": [\"item.written\"]},"
                + " {\"name\": \"hook\", \"url\": \"https://hooks.example/x\", \"headers\": {\"X-Token\": \"t\"},"
                + " \"events\": [\"item.deleted\"]}]}}");
        MikroConfig c = ConfigLoader.load(Map.of(), f, null, Map.of());
        assertEquals(1, c.db().webhooks().size());
        assertEquals("hook", c.db().webhooks().get(0).name());
        assertEquals(Map.of("X-Token", "t"), c.db().webhooks().get(0).headers());
    }

    @Test
    void errorsNameTheKeyAndTheSource() throws Exception {
        ConfigurationException malformed = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of(), file("{\"db\": {"), null, Map.of()));
        assertTrue(malformed.getMessage().contains("not valid JSON"), malformed.getMessage());
        ConfigurationException notANumber = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of(), file("{\"db\": {\"walIntervalMillis\": NaN}}"), null, Map.of()));
        assertTrue(notANumber.getMessage().endsWith("is not valid JSON: 'NaN' is not a JSON number: JSON has no NaN or "
                + "infinity (line 1, column 33)"), notANumber.getMessage()); // not Jackson's advice to enable a feature

        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of(), file("{\"db\": {\"walIntervall\": 5}}"), null, Map.of()));
        assertTrue(unknown.getMessage().contains("'db.walIntervall'"), unknown.getMessage());

        ConfigurationException badType = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of(), file("{\"server\": {\"port\": \"eighty\"}}"), null, Map.of()));
        assertTrue(badType.getMessage().contains("'server.port'") && badType.getMessage().contains("from "),
                badType.getMessage());

        ConfigurationException badEnv = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of("PORT", "99999"), file("{}"), null, Map.of()));
        assertTrue(badEnv.getMessage().contains("environment"), badEnv.getMessage());

        ConfigurationException badFlag = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.parseArgs(new String[] {"--prot", "1"}));
        assertTrue(badFlag.getMessage().contains("--prot"), badFlag.getMessage());
        assertThrows(ConfigurationException.class, () -> ConfigLoader.parseArgs(new String[] {"--port"}));

        ConfigurationException badBool = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of(), file("{\"db\": {\"debug\": \"maybe\"}}"), null, Map.of()));
        assertTrue(badBool.getMessage().contains("'db.debug'"), badBool.getMessage());

        ConfigurationException badWal = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of(), file("{\"db\": {\"walFileName\": \"../x\"}}"), null, Map.of()));
        assertTrue(badWal.getMessage().contains("walFileName"), badWal.getMessage());

        ConfigurationException listeners = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of(), file("{\"events\": {\"listeners\": []}}"), null, Map.of()));
        assertTrue(listeners.getMessage().contains("events.listeners"), listeners.getMessage());

        ConfigurationException missingFile = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load(Map.of(), dir.resolve("absent.json"), null, Map.of()));
        assertTrue(missingFile.getMessage().contains("absent.json"), missingFile.getMessage());
    }
}
