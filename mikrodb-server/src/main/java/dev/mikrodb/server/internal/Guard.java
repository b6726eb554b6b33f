package dev.mikrodb.server.internal;

import dev.mikrodb.Principal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Enforces access control when auth is on (docs/security.md): {@link #authenticating} sits in the handler chain and
 * answers 401 before a body is read; {@link #authorizing} wraps each route and answers 403 when the caller's role
 * lacks the route's {@link Access} or the request names a database or table outside the caller's scope. Every denial
 * is an {@code auth.denied} audit record. With auth off both pass every request through.
 */
public final class Guard {
    private static final AttachmentKey<Principal> PRINCIPAL = AttachmentKey.create(Principal.class);
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/api/login");

    private final boolean enabled;
    private final Authenticator authenticator;
    private final AuditLog audit;
    private final Clock clock;

    Guard(boolean enabled, Authenticator authenticator, AuditLog audit, Clock clock) {
        this.enabled = enabled;
        this.authenticator = authenticator;
        this.audit = audit;
        this.clock = clock;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The authenticated caller, or null (auth off, or an open route without credentials). */
    public static Principal principal(HttpServerExchange exchange) {
        return exchange.getAttachment(PRINCIPAL);
    }

    /** Requires valid credentials on every path but the open ones; remembers who the caller is. */
    public HttpHandler authenticating(HttpHandler next) {
        return exchange -> {
            if (!enabled) {
                next.handleRequest(exchange);
                return;
            }
            Authenticator.Outcome o = authenticator.authenticate(exchange);
            if (o.principal() != null) {
                exchange.putAttachment(PRINCIPAL, o.principal());
                next.handleRequest(exchange);
            } else if (OPEN_PATHS.contains(exchange.getRequestPath())) {
                next.handleRequest(exchange);
            } else if (o.retryAfterSeconds() > 0) {
                deny(exchange, o.who(), 429, "too many failed logins for this user from this address");
                exchange.getResponseHeaders().put(new HttpString("Retry-After"), o.retryAfterSeconds());
                Responses.error(exchange, 429, "too many failed logins; try again in " + o.retryAfterSeconds()
                        + " seconds");
            } else {
                String why = o.presented() ? "credentials not valid" : "no credentials";
                deny(exchange, o.who(), 401, why);
                exchange.getResponseHeaders().put(new HttpString("WWW-Authenticate"), "Bearer, Basic realm=\"mikrodb\"");
                Responses.error(exchange, 401, o.presented()
                        ? "credentials not valid (wrong, expired or revoked key, token or password)"
                        : "credentials required: send Authorization: Bearer <key or token>, X-API-Key, or "
                                + "Authorization: Basic");
            }
        };
    }

    /** The route's handler, run only when the caller's role and scope allow this request. */
    public HttpHandler authorizing(Route route) {
        return exchange -> {
            if (enabled) {
                String refusal = refusal(route, exchange);
                if (refusal != null) {
                    Principal p = principal(exchange);
                    deny(exchange, p == null ? null : p.kind() + ":" + p.name(), 403, refusal);
                    Responses.error(exchange, 403, refusal);
                    return;
                }
            }
            route.handler().handleRequest(exchange);
        };
    }

    private static String refusal(Route route, HttpServerExchange exchange) {
        Access needed = route.access().apply(exchange);
        if (needed == Access.OPEN) {
            return null;
        }
        Principal p = principal(exchange);
        if (p == null) {
            return "credentials required";
        }
        boolean roleOk = switch (needed) {
            case OPEN, AUTHENTICATED -> true;
            case READ -> p.role().canRead();
            case WRITE -> p.role().canWrite();
            case ADMIN -> p.role().isAdmin();
        };
        if (!roleOk) {
            return "role " + p.role().wireName() + " may not " + switch (needed) {
                case READ -> "read data";
                case WRITE -> "write data";
                default -> "administer the server (the admin role may)";
            };
        }
        if (!route.scoped() || (p.databases().isEmpty() && p.tablePrefixes().isEmpty())) {
            return null; // an unlimited grant covers every database and table: no need to look at the body
        }
        List<String[]> targets = Scopes.targets(exchange);
        for (String[] t : targets) {
            if (!p.covers(t[0], t[1])) {
                return t[1] == null || t[1].equals(Scopes.ALL_TABLES)
                        ? "not granted on database '" + (t[0] == null ? "default" : t[0]) + "'"
                        : "not granted on table '" + t[1] + "' of database '" + (t[0] == null ? "default" : t[0])
                                + "'";
            }
        }
        return null;
    }

    private void deny(HttpServerExchange exchange, String who, int status, String why) {
        audit.denied(clock.millis(), exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                LoginThrottle.client(exchange), who, status, why);
    }
}
