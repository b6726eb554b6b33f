package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.wire.WireJson;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code auth.denied} records: a log line each, and the last 1,000 kept for administrators ({@code GET /api/audit}).
 * Never a secret: the method, path, client address, who (when known) and why.
 */
public final class AuditLog {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.audit");
    private static final int KEPT = 1_000;
    private final Deque<ObjectNode> recent = new ArrayDeque<>();

    public void denied(long at, String method, String path, String client, String who, int status, String why) {
        ObjectNode r = WireJson.object().put("event", "auth.denied").put("at", at).put("method", method)
                .put("path", path).put("client", client).put("status", status).put("reason", why);
        if (who != null) {
            r.put("who", who);
        }
        LOG.log(System.Logger.Level.INFO, WireJson.toString(r));
        synchronized (recent) {
            recent.addLast(r);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
    }

    public ObjectNode toJson() {
        ObjectNode out = WireJson.object();
        ArrayNode list = out.putArray("records");
        synchronized (recent) {
            recent.forEach(list::add);
        }
        return out;
    }
}
