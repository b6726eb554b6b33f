package dev.mikrodb.internal.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.AccessControl;
import dev.mikrodb.ApiKeyInfo;
import dev.mikrodb.Item;
import dev.mikrodb.NewApiKey;
import dev.mikrodb.Principal;
import dev.mikrodb.Role;
import dev.mikrodb.UserInfo;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.engine.Database;
import dev.mikrodb.internal.engine.Names;
import dev.mikrodb.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AccessControl} over the system tables {@code admin~users} (key: username) and {@code admin~keys} (key: the
 * key's id). Keys are looked up by the SHA-256 of the presented secret in an in-memory map kept in step with every
 * change, so checking a key costs one hash and one map lookup, never a password hash.
 */
public final class StoredAccessControl implements AccessControl {
    static final String USERS = Names.qualify("admin", "users");
    static final String KEYS = Names.qualify("admin", "keys");
    private static final int MIN_PASSWORD = 8;

    private final Database engine;
    private final Clock clock;
    /** SHA-256 (hex) of each key's secret, to its stored definition. */
    private final Map<String, JsonNode> keysByHash = new ConcurrentHashMap<>();
    /** A hash spent on unknown usernames, so a login takes as long whether or not the user exists. */
    private final String decoyHash = PasswordHash.hash("decoy-password-for-timing");

    public StoredAccessControl(Database engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
        for (Item item : engine.systemItems(KEYS)) {
            JsonNode def = item.value();
            keysByHash.put(def.get("hash").asText(), def);
        }
    }

    @Override
    public boolean isEmpty() {
        return engine.systemItems(USERS).isEmpty() && keysByHash.isEmpty();
    }

    @Override
    public UserInfo createUser(String username, String password, Role role, List<String> databases) {
        checkUsername(username);
        checkPassword(password);
        checkDatabases(databases);
        ObjectNode def = Json.MAPPER.createObjectNode().put("username", username).put("role", role(role).wireName())
                .put("hash", PasswordHash.hash(password)).put("createdAt", clock.millis());
        strings(def.putArray("databases"), databases);
        byte[] json = Json.toBytes(def);
        engine.commitSystem(USERS, batch -> {
            if (batch.current(USERS, username) != null) {
                throw new ValidationException("a user named '" + username + "' exists already");
            }
            return batch.put(USERS, username, json, 0, 0L);
        });
        return info(def);
    }

    @Override
    public Optional<UserInfo> user(String username) {
        return stored(username).map(StoredAccessControl::info);
    }

    @Override
    public List<UserInfo> users() {
        List<UserInfo> out = new ArrayList<>();
        for (Item item : engine.systemItems(USERS)) {
            out.add(info(item.value()));
        }
        out.sort((a, b) -> a.username().compareTo(b.username()));
        return out;
    }

    @Override
    public List<String> updateUser(String username, String password, Role role, List<String> databases) {
        if (password != null) {
            checkPassword(password);
        }
        if (databases != null) {
            checkDatabases(databases);
        }
        String hash = password == null ? null : PasswordHash.hash(password);
        return engine.commitSystem(USERS, batch -> {
            var current = batch.current(USERS, username);
            if (current == null) {
                throw new ValidationException("no user named '" + username + "'");
            }
            ObjectNode def = (ObjectNode) Json.parse(current.json());
            List<String> changed = new ArrayList<>();
            if (hash != null) {
                def.put("hash", hash);
                changed.add("password");
            }
            if (role != null) {
                def.put("role", role.wireName());
                changed.add("role");
            }
            if (databases != null) {
                strings(def.putArray("databases"), databases);
                changed.add("databases");
            }
            if (!changed.isEmpty()) {
                batch.put(USERS, username, Json.toBytes(def), 0, current.version());
            }
            return changed;
        });
    }

    @Override
    public boolean deleteUser(String username) {
        return engine.commitSystem(USERS, batch -> batch.delete(USERS, username, null));
    }

    @Override
    public Optional<Principal> authenticatePassword(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Optional<JsonNode> def = stored(username);
        boolean ok = PasswordHash.matches(password, def.map(d -> d.get("hash").asText()).orElse(decoyHash));
        if (!ok || def.isEmpty()) {
            return Optional.empty();
        }
        JsonNode d = def.get();
        return Optional.of(new Principal(username, "user", Role.parse(d.get("role").asText()),
                list(d.get("databases")), List.of(), null));
    }

    @Override
    public NewApiKey createKey(String name, Role role, List<String> databases, List<String> tablePrefixes,
                               long expiresAt) {
        String secret = "mk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(AesGcm.randomBytes(32));
        ApiKeyInfo info = store(name, secret, role, databases, tablePrefixes, expiresAt);
        return new NewApiKey(info.id(), secret, info);
    }

    /** Adds a key whose secret is given; see {@code MikroDB.importApiKey}. */
    public ApiKeyInfo importKey(String name, String key, Role role) {
        if (key == null || key.length() < 16 || !key.equals(key.strip())) {
            throw new ValidationException("an imported key needs at least 16 characters and no surrounding "
                    + "whitespace");
        }
        JsonNode existing = keysByHash.get(sha256(key));
        if (existing != null) {
            return keyInfo(existing);
        }
        return store(name, key, role, List.of(), List.of(), 0);
    }

    private ApiKeyInfo store(String name, String secret, Role role, List<String> databases,
                             List<String> tablePrefixes, long expiresAt) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new ValidationException("a key needs a name of 1 to 128 characters");
        }
        checkDatabases(databases);
        if (expiresAt < 0 || (expiresAt > 0 && expiresAt <= clock.millis())) {
            throw new ValidationException("expires_at must be a future time in epoch milliseconds; got " + expiresAt);
        }
        String id = HexFormat.of().formatHex(AesGcm.randomBytes(8));
        ObjectNode def = Json.MAPPER.createObjectNode().put("id", id).put("name", name)
                .put("role", role(role).wireName()).put("hash", sha256(secret)).put("createdAt", clock.millis())
                .put("expiresAt", expiresAt);
        strings(def.putArray("databases"), databases);
        strings(def.putArray("tablePrefixes"), tablePrefixes == null ? List.of() : tablePrefixes);
        byte[] json = Json.toBytes(def);
        engine.commitSystem(KEYS, batch -> batch.put(KEYS, id, json, 0, 0L));
        keysByHash.put(def.get("hash").asText(), def);
        return keyInfo(def);
    }

    @Override
    public List<ApiKeyInfo> keys() {
        List<ApiKeyInfo> out = new ArrayList<>();
        keysByHash.values().forEach(d -> out.add(keyInfo(d)));
        out.sort((a, b) -> Long.compare(a.createdAt(), b.createdAt()));
        return out;
    }

    @Override
    public boolean revokeKey(String id) {
        boolean removed = engine.commitSystem(KEYS, batch -> batch.delete(KEYS, id, null));
        keysByHash.values().removeIf(d -> d.get("id").asText().equals(id));
        return removed;
    }

    @Override
    public Optional<Principal> authenticateKey(String key, long now) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        JsonNode def = keysByHash.get(sha256(key));
        if (def == null || (def.get("expiresAt").asLong() > 0 && def.get("expiresAt").asLong() <= now)) {
            return Optional.empty();
        }
        return Optional.of(new Principal(def.get("name").asText(), "key", Role.parse(def.get("role").asText()),
                list(def.get("databases")), list(def.get("tablePrefixes")), def.get("id").asText()));
    }

    private Optional<JsonNode> stored(String username) {
        for (Item item : engine.systemItems(USERS)) {
            if (item.key().equals(username)) {
                return Optional.of(item.value());
            }
        }
        return Optional.empty();
    }

    private static UserInfo info(JsonNode d) {
        return new UserInfo(d.get("username").asText(), Role.parse(d.get("role").asText()), list(d.get("databases")),
                d.get("createdAt").asLong());
    }

    private static ApiKeyInfo keyInfo(JsonNode d) {
        return new ApiKeyInfo(d.get("id").asText(), d.get("name").asText(), Role.parse(d.get("role").asText()),
                list(d.get("databases")), list(d.get("tablePrefixes")), d.get("createdAt").asLong(),
                d.get("expiresAt").asLong());
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static void strings(ArrayNode into, List<String> values) {
        if (values != null) {
            values.forEach(into::add);
        }
    }

    private static Role role(Role role) {
        if (role == null) {
            throw new ValidationException("role is missing: read, write, read_write or admin");
        }
        return role;
    }

    private static void checkUsername(String username) {
        if (username == null || !username.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new ValidationException("username must be 1 to 64 letters, digits, '_', '.', '@' or '-'");
        }
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new ValidationException("password must be at least " + MIN_PASSWORD + " characters");
        }
    }

    private static void checkDatabases(List<String> databases) {
        if (databases != null) {
            for (String db : databases) {
                if (!db.equals(Names.DEFAULT_DATABASE)) {
                    Names.checkDatabaseName(db);
                }
            }
        }
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
