package dev.mikrodb.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ApiKeyInfo;
import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "keys", description = "List the API keys: id, name, role, scope and expiry (never the key).")
public final class KeysCommand extends StoreCommand {
    public KeysCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        List<ApiKeyInfo> keys = session.accessControl(store).keys();
        if (out().pretty()) {
            for (ApiKeyInfo k : keys) {
                String scope = (k.databases().isEmpty() ? "all databases" : String.join(", ", k.databases()))
                        + (k.tablePrefixes().isEmpty() ? "" : ", tables " + String.join("*, ", k.tablePrefixes())
                        + "*");
                out().line(k.id() + "  " + k.name() + "  " + k.role().wireName() + "  " + out().dim(scope
                        + (k.expiresAt() > 0 ? ", expires " + Instant.ofEpochMilli(k.expiresAt()) : "")));
            }
            out().info(keys.size() + (keys.size() == 1 ? " key" : " keys"));
        } else {
            ArrayNode list = WireJson.array();
            for (ApiKeyInfo k : keys) {
                ObjectNode o = list.addObject().put("id", k.id()).put("name", k.name()).put("role",
                        k.role().wireName());
                ArrayNode dbs = o.putArray("databases");
                k.databases().forEach(dbs::add);
                ArrayNode prefixes = o.putArray("tablePrefixes");
                k.tablePrefixes().forEach(prefixes::add);
                o.put("expires_at", k.expiresAt());
            }
            out().json(list);
        }
        return ExitCodes.OK;
    }
}
