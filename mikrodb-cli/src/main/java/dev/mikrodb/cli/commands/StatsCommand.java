package dev.mikrodb.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStats;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.client.MikroDBClient;
import dev.mikrodb.wire.WireJson;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "stats", description = "What the database holds and does: sizes, items, operations per second and latency over the last minute, cache, subscribers (a server adds memory, uptime and connections).")
public final class StatsCommand extends StoreCommand {
    public StatsCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        JsonNode stats;
        if (store instanceof MikroDB db) {
            stats = toJson(db.stats());
        } else if (store instanceof MikroDBClient client) {
            stats = client.serverStats();
        } else {
            throw new ValidationException("stats needs a local database or a server");
        }
        out().json(stats);
        return ExitCodes.OK;
    }

    private static JsonNode toJson(MikroStats s) {
        ObjectNode out = WireJson.object();
        out.putObject("database").put("databases", s.data().databases()).put("collections", s.data().tables())
                .put("items", s.data().items()).put("loaded_tables", s.data().loadedTables())
                .put("revision", s.revision()).put("used_space_bytes", s.storage().totalBytes());
        out.putObject("storage").put("wal_bytes", s.storage().walBytes())
                .put("change_feed_bytes", s.storage().changeFeedBytes()).put("checkpoints", s.storage()
                .checkpoints()).put("fsyncs", s.storage().fsyncs());
        ObjectNode ops = out.putObject("performance").putObject("operations");
        for (Map.Entry<String, MikroStats.Operation> e : s.operations().entrySet()) {
            ops.putObject(e.getKey()).put("total", e.getValue().total()).put("errors", e.getValue().errors())
                    .put("ops_per_second", e.getValue().perSecondLastMinute())
                    .put("p99_ms", e.getValue().p99MicrosLastMinute() / 1000);
        }
        out.putObject("cache").put("hits", s.cache().hits()).put("misses", s.cache().misses())
                .put("evictions", s.cache().evictions());
        return out;
    }
}
