package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.AccessControl;
import dev.mikrodb.ApiKeyInfo;
import dev.mikrodb.NewApiKey;
import dev.mikrodb.Principal;
import dev.mikrodb.Role;
import dev.mikrodb.UserInfo;
import dev.mikrodb.ValidationException;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code /api} routes: login, whoami, users, API keys and the audit records (docs/security.md, docs/http-api.md).
 * Answers never contain a password, a password hash or a key, except the new key in the answer that creates it.
 */
public final class AdminHandlers {
    private final AccessControl access;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Authenticator authenticator;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean authEnabled;

    AdminHandlers(AccessControl access, Sessions sessions, LoginThrottle throttle, Authenticator authenticator,
                  AuditLog audit, Clock clock, boolean authEnabled) {
        this.access = access;
        this.sessions = sessions;
        this.throttle = throttle;
        this.authenticator = authenticator;
        this.audit = audit;
        this.clock = clock;
        this.authEnabled = authEnabled;
    }

    /** {@code POST /api/login {username, password}}: a session token for an hour. */
    public void login(HttpServerExchange exchange) {
        JsonNode body = Fields.requireObject(RequestBodies.readJson(exchange), "request body");
        Fields.checkAllowed(body, Set.of("username", "password"), "request body");
        String username = Fields.requiredString(body, "username", "");
        String password = Fields.requiredString(body, "password", "");
        String client = LoginThrottle.client(exchange);
        long wait = throttle.retryAfterSeconds(username, client);
        if (wait > 0) {
            audit.denied(clock.millis(), "POST", "/api/login", client, "user:" + username, 429, "locked out");
            exchange.getResponseHeaders().put(new HttpString("Retry-After"), wait);
            throw new HttpException(429, "too many failed logins; try again in " + wait + " seconds");
        }
        Principal p = accessControl().authenticatePassword(username, password).orElse(null);
        if (p == null) {
            throttle.failed(username, client);
            audit.denied(clock.millis(), "POST", "/api/login", client, "user:" + username, 401, "wrong login");
            exchange.getResponseHeaders().put(new HttpString("WWW-Authenticate"), "Bearer, Basic realm=\"mikrodb\"");
            throw new HttpException(401, "username or password is wrong");
        }
        throttle.succeeded(username, client);
        Sessions.Token session = sessions.open(p);
        Responses.json(exchange, 200, WireJson.object().put("token", session.token())
                .put("expires_at", session.expiresAt()));
    }

    /** {@code GET /api/whoami}: the caller's identity, role and scope. */
    public void whoami(HttpServerExchange exchange) {
        Principal p = Guard.principal(exchange);
        ObjectNode out = WireJson.object().put("auth", authEnabled);
        if (p == null) {
            out.put("name", "anonymous").put("kind", "none").put("role", Role.ADMIN.wireName());
            out.putArray("databases");
            out.putArray("tablePrefixes");
        } else {
            out.put("name", p.name()).put("kind", p.kind()).put("role", p.role().wireName());
            strings(out.putArray("databases"), p.databases());
            strings(out.putArray("tablePrefixes"), p.tablePrefixes());
            if (p.id() != null) {
                out.put("id", p.id());
            }
        }
        Responses.json(exchange, 200, out);
    }

    /** {@code POST /api/users {username, password, role, databases?}}. */
    public void createUser(HttpServerExchange exchange) {
        JsonNode body = Fields.requireObject(RequestBodies.readJson(exchange), "request body");
        Fields.checkAllowed(body, Set.of("username", "password", "role", "databases"), "request body");
        String username = Fields.requiredString(body, "username", "");
        if (accessControl().user(username).isPresent()) {
            throw new HttpException(409, "a user named '" + username + "' exists already");
        }
        UserInfo u = accessControl().createUser(username, Fields.requiredString(body, "password", ""),
                Role.parse(Fields.requiredString(body, "role", "")), strings(body, "databases"));
        Responses.json(exchange, 200, toJson(u));
    }

    /** {@code GET /api/users} (all) or {@code GET /api/users?username=} (one, 404 when unknown). */
    public void users(HttpServerExchange exchange) {
        String username = StoreHandlers.param(exchange, "username");
        if (username != null) {
            UserInfo u = accessControl().user(username).orElseThrow(() -> new HttpException(404,
                    "no user named '" + username + "'"));
            Responses.json(exchange, 200, toJson(u));
            return;
        }
        ObjectNode out = WireJson.object();
        ArrayNode list = out.putArray("users");
        accessControl().users().forEach(u -> list.add(toJson(u)));
        Responses.json(exchange, 200, out);
    }

    /** {@code PUT /api/users {username, password?, role?, databases?}}: answers {@code {"updates": [...]}}. */
    public void updateUser(HttpServerExchange exchange) {
        JsonNode body = Fields.requireObject(RequestBodies.readJson(exchange), "request body");
        Fields.checkAllowed(body, Set.of("username", "password", "role", "databases"), "request body");
        String username = Fields.requiredString(body, "username", "");
        requireUser(username);
        String role = Fields.optionalString(body, "role", "");
        List<String> changed = accessControl().updateUser(username, Fields.optionalString(body, "password", ""),
                role == null ? null : Role.parse(role), body.has("databases") ? strings(body, "databases") : null);
        authenticator.userChanged(username);
        ObjectNode out = WireJson.object();
        strings(out.putArray("updates"), changed);
        Responses.json(exchange, 200, out);
    }

    /** {@code DELETE /api/users?username=}. */
    public void deleteUser(HttpServerExchange exchange) {
        String username = StoreHandlers.param(exchange, "username");
        if (username == null) {
            throw new ValidationException("query parameter username is missing");
        }
        requireUser(username);
        accessControl().deleteUser(username);
        authenticator.userChanged(username);
        Responses.json(exchange, 200, Responses.success().put("deleted", username));
    }

    /** {@code POST /api/keys {name, role, databases?, tablePrefixes?, expires_at?}}: the key, shown this once. */
    public void createKey(HttpServerExchange exchange) {
        JsonNode body = Fields.requireObject(RequestBodies.readJson(exchange), "request body");
        Fields.checkAllowed(body, Set.of("name", "role", "databases", "tablePrefixes", "expires_at"),
                "request body");
        List<String> prefixes = strings(body, "tablePrefixes");
        for (String p : prefixes) {
            Fields.checkTableName(p);
        }
        NewApiKey k = accessControl().createKey(Fields.requiredString(body, "name", ""),
                Role.parse(Fields.requiredString(body, "role", "")), strings(body, "databases"), prefixes,
                expiresAt(body.get("expires_at")));
        ObjectNode out = toJson(k.info()).put("key", k.key());
        Responses.json(exchange, 200, out);
    }

    /** {@code GET /api/keys}: every key's id, name, role, scope and dates; never the key. */
    public void keys(HttpServerExchange exchange) {
        ObjectNode out = WireJson.object();
        ArrayNode list = out.putArray("keys");
        accessControl().keys().forEach(k -> list.add(toJson(k)));
        Responses.json(exchange, 200, out);
    }

    /** {@code DELETE /api/keys/{id}}: revokes at once; 404 when no such key. */
    public void revokeKey(HttpServerExchange exchange) {
        String id = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("id");
        if (!accessControl().revokeKey(id)) {
            throw new HttpException(404, "no API key with id '" + id + "'");
        }
        Responses.json(exchange, 200, Responses.success().put("revoked", id));
    }

    /** {@code GET /api/audit}: the last 1,000 {@code auth.denied} records. */
    public void audit(HttpServerExchange exchange) {
        Responses.json(exchange, 200, audit.toJson());
    }

    private AccessControl accessControl() {
        if (access == null) {
            throw new HttpException(501, "users and API keys need a server over an embedded database");
        }
        return access;
    }

    private void requireUser(String username) {
        if (accessControl().user(username).isEmpty()) {
            throw new HttpException(404, "no user named '" + username + "'");
        }
    }

    private long expiresAt(JsonNode v) {
        if (v == null || v.isNull()) {
            return 0;
        }
        if (v.isIntegralNumber() && v.asLong() > 0) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Instant.parse(v.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw new ValidationException("expires_at must be epoch milliseconds or an ISO-8601 instant such as "
                + "2027-01-01T00:00:00Z; got " + v);
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new ValidationException(field + " must be an array of strings");
        }
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw new ValidationException(field + " must be an array of strings; found " + s);
            }
            out.add(s.asText());
        }
        return out;
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static ObjectNode toJson(UserInfo u) {
        ObjectNode o = WireJson.object().put("username", u.username()).put("role", u.role().wireName());
        strings(o.putArray("databases"), u.databases());
        return o.put("created_at", u.createdAt());
    }

    private static ObjectNode toJson(ApiKeyInfo k) {
        ObjectNode o = WireJson.object().put("id", k.id()).put("name", k.name()).put("role", k.role().wireName());
        strings(o.putArray("databases"), k.databases());
        strings(o.putArray("tablePrefixes"), k.tablePrefixes());
        o.put("created_at", k.createdAt());
        if (k.expiresAt() > 0) {
            o.put("expires_at", k.expiresAt());
        } else {
            o.putNull("expires_at");
        }
        return o;
    }
}
