package dev.mikrodb.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.AccessControl;
import dev.mikrodb.ApiKeyInfo;
import dev.mikrodb.NewApiKey;
import dev.mikrodb.Principal;
import dev.mikrodb.Role;
import dev.mikrodb.UserInfo;
import dev.mikrodb.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AccessControl} over the server's {@code /api/users} and {@code /api/keys} (docs/http-api.md). Checking a
 * password or a key asks the server ({@code /api/login}, {@code /api/whoami}), so its lockout and clock apply.
 */
public final class RemoteAccessControl implements AccessControl {
    private final JsonCalls calls;

    public RemoteAccessControl(JsonCalls calls) {
        this.calls = calls;
    }

    @Override
    public boolean isEmpty() {
        return users().isEmpty() && keys().isEmpty();
    }

    @Override
    public UserInfo createUser(String username, String password, Role role, List<String> databases) {
        ObjectNode body = WireJson.object().put("username", username).put("password", password)
                .put("role", role.wireName());
        strings(body.putArray("databases"), databases);
        return user(calls.post("/api/users", body, false));
    }

    @Override
    public Optional<UserInfo> user(String username) {
        return Optional.ofNullable(calls.get("/api/users?username=" + RemoteDatabase.encode(username)))
                .map(RemoteAccessControl::user);
    }

    @Override
    public List<UserInfo> users() {
        List<UserInfo> out = new ArrayList<>();
        calls.get("/api/users").get("users").forEach(u -> out.add(user(u)));
        return out;
    }

    @Override
    public List<String> updateUser(String username, String password, Role role, List<String> databases) {
        ObjectNode body = WireJson.object().put("username", username);
        if (password != null) {
            body.put("password", password);
        }
        if (role != null) {
            body.put("role", role.wireName());
        }
        if (databases != null) {
            strings(body.putArray("databases"), databases);
        }
        JsonNode answer = calls.put("/api/users", body);
        if (answer == null) {
            throw new dev.mikrodb.ValidationException("no user named '" + username + "'");
        }
        return texts(answer.get("updates"));
    }

    @Override
    public boolean deleteUser(String username) {
        return calls.delete("/api/users?username=" + RemoteDatabase.encode(username)) != null;
    }

    /**
     * Asks the server: logs in ({@code POST /api/login}, the server's lockout applies) and reads who the session
     * is. Empty when the password is wrong; a locked-out user is a {@code RateLimitedException}.
     */
    @Override
    public Optional<Principal> authenticatePassword(String username, String password) {
        JsonNode session;
        try {
            session = calls.post("/api/login", WireJson.object().put("username", username).put("password", password),
                    false);
        } catch (dev.mikrodb.client.UnauthorizedException e) {
            return Optional.empty();
        }
        return whoamiAs("Bearer " + session.get("token").asText());
    }

    @Override
    public NewApiKey createKey(String name, Role role, List<String> databases, List<String> tablePrefixes,
                               long expiresAt) {
        ObjectNode body = WireJson.object().put("name", name).put("role", role.wireName());
        strings(body.putArray("databases"), databases);
        strings(body.putArray("tablePrefixes"), tablePrefixes);
        if (expiresAt > 0) {
            body.put("expires_at", expiresAt);
        }
        JsonNode answer = calls.post("/api/keys", body, false);
        return new NewApiKey(answer.get("id").asText(), answer.get("key").asText(), key(answer));
    }

    @Override
    public List<ApiKeyInfo> keys() {
        List<ApiKeyInfo> out = new ArrayList<>();
        calls.get("/api/keys").get("keys").forEach(k -> out.add(key(k)));
        return out;
    }

    @Override
    public boolean revokeKey(String id) {
        return calls.delete("/api/keys/" + RemoteDatabase.encode(id)) != null;
    }

    /**
     * Asks the server who {@code key} is ({@code GET /api/whoami} with it). The server decides expiry by its own
     * clock, so {@code now} is not used.
     */
    @Override
    public Optional<Principal> authenticateKey(String key, long now) {
        return whoamiAs("Bearer " + key);
    }

    private Optional<Principal> whoamiAs(String authorization) {
        return Optional.ofNullable(calls.getAs("/api/whoami", authorization)).map(RemoteAccessControl::principal);
    }

    /** The principal of a {@code /api/whoami} answer. */
    public static Principal principal(JsonNode me) {
        return new Principal(me.get("name").asText(), me.get("kind").asText(), Role.parse(me.get("role").asText()),
                texts(me.get("databases")), texts(me.get("tablePrefixes")), me.path("id").isTextual()
                ? me.get("id").asText() : null);
    }

    private static UserInfo user(JsonNode u) {
        return new UserInfo(u.get("username").asText(), Role.parse(u.get("role").asText()),
                texts(u.get("databases")), u.path("created_at").asLong());
    }

    private static ApiKeyInfo key(JsonNode k) {
        return new ApiKeyInfo(k.get("id").asText(), k.get("name").asText(), Role.parse(k.get("role").asText()),
                texts(k.get("databases")), texts(k.get("tablePrefixes")), k.path("created_at").asLong(),
                k.path("expires_at").asLong(0));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(s -> out.add(s.asText()));
        }
        return out;
    }

    private static void strings(ArrayNode into, List<String> values) {
        if (values != null) {
            values.forEach(into::add);
        }
    }
}
