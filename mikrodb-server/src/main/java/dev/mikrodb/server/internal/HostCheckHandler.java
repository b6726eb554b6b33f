package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses requests whose Host header names another server (421), which defeats DNS rebinding: a web page whose name
 * was made to resolve to 127.0.0.1 still sends its own name as Host. Allowed: the names configured, and for a
 * loopback server the loopback names. With no names configured and a non-loopback address, any Host is accepted
 * (such a server requires authentication anyway).
 */
public final class HostCheckHandler implements HttpHandler {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private final HttpHandler next;
    private final Set<String> allowed;

    public HostCheckHandler(HttpHandler next, List<String> configured, String boundHost, boolean loopback) {
        this.next = next;
        Set<String> names = configured.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (!names.isEmpty() || loopback) {
            names.add(boundHost.toLowerCase(Locale.ROOT));
            if (loopback) {
                names.addAll(LOOPBACK_NAMES);
            }
        }
        this.allowed = Set.copyOf(names);
    }

    /** Whether this handler checks anything; without names to allow it passes every request. */
    public boolean enforcing() {
        return !allowed.isEmpty();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (host != null && !allowed.contains(withoutPort(host).toLowerCase(Locale.ROOT))) {
            Responses.error(exchange, 421, "this server does not answer to the name '" + host + "'; allowed: "
                    + allowed.stream().sorted().toList() + " (server.allowedHosts)");
            return;
        }
        next.handleRequest(exchange);
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }
}
