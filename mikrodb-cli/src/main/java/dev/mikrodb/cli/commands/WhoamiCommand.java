package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.Principal;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.client.MikroDBClient;
import dev.mikrodb.wire.WireJson;
import picocli.CommandLine.Command;

@Command(name = "whoami", description = "Who the server takes you for: name, role and scope (a local database: the owner, full access).")
public final class WhoamiCommand extends StoreCommand {
    public WhoamiCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        if (!(store instanceof MikroDBClient client)) {
            out().line("local database: no authentication, full access");
            return ExitCodes.OK;
        }
        Principal p = client.whoami();
        String scope = (p.databases().isEmpty() ? "all databases" : "databases " + String.join(", ", p.databases()))
                + (p.tablePrefixes().isEmpty() ? "" : ", tables " + String.join("*, ", p.tablePrefixes()) + "*");
        if (out().pretty()) {
            out().line(p.name() + " (" + p.kind() + ")  " + p.role().wireName() + "  " + out().dim(scope));
        } else {
            var o = WireJson.object().put("name", p.name()).put("kind", p.kind()).put("role", p.role().wireName());
            var databases = o.putArray("databases");
            p.databases().forEach(databases::add);
            var prefixes = o.putArray("tablePrefixes");
            p.tablePrefixes().forEach(prefixes::add);
            out().json(o);
        }
        return ExitCodes.OK;
    }
}
