package dev.mikrodb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.Durability;
import dev.mikrodb.internal.json.Json;
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
        assertEquals(List.of("*"), c.server().allowedDomains());
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

        MikroConfig programmatic = ConfigLoader.load(env, f, Json.MAPPER.readTree(
                "{\"server\": {\"port\": 9000}, \"db\": {\"dbName\": \"code\"}}"), Map.of());
        assertEquals(9000, programmatic.server().port());
        assertEquals("code", programmatic.db().dbName());
        assertEquals(500, programmatic.db().walInterval().toMillis());

        MikroConfig flags = ConfigLoader.load(env, f, Json.MAPPER.readTree("{\"server\": {\"port\": 9000}}"),
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
    void envPortIsUsedWithoutAFileAndDebugFlagSetsBothSections() {
        MikroConfig c = ConfigLoader.load(Map.of("PORT", "4321"), null, null, ConfigLoader.parseArgs(
                new String[] {"--debug"}));
        assertEquals(4321, c.server().port());
        assertTrue(c.db().debug());
        assertTrue(c.server().debug());
    }

    @Test
    void seedFlagTableIsComplete() {
        Map<String, String> flags = ConfigLoader.parseArgs(new String[] {"--db", "n", "--dir", "d", "--wal", "w.log",
                "--interval", "10", "--encryptionKey", "k", "--maxWrites", "5", "--debug", "--port", "1",
                "--host", "h", "--https", "--http2", "--cert", "c.pem", "--key", "k.pem", "--ca", "ca.pem",
                "--ratelimit", "--rps", "60", "--allowed", "x", "--apiKey", "a", "--insecure"});
        MikroConfig c = ConfigLoader.load(Map.of(), null, null, flags);
        assertEquals("n", c.db().dbName());
        assertEquals("w.log", c.db().walFileName());
        assertEquals(10, c.db().walInterval().toMillis());
        assertEquals("k", c.db().encryptionKey());
        assertEquals("c.pem", c.server().sslCert());
        assertEquals("k.pem", c.server().sslKey());
        assertEquals("ca.pem", c.server().sslCa());
        assertTrue(c.server().useHttp2() && c.server().rateLimitEnabled() && c.server().insecure());
        assertEquals(60, c.server().rateLimitRequestsPerMinute());
        assertEquals("a", c.server().apiKey());
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
