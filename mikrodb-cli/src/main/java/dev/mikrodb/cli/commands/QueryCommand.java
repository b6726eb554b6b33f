package dev.mikrodb.cli.commands;

import dev.mikrodb.Explained;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Query;
import dev.mikrodb.QueryPlan;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", description = "List the items of a table that match a filter (docs/queries.md), optionally sorted and paged.")
public final class QueryCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
    String table;

    @Parameters(index = "1", paramLabel = "FILTER", arity = "0..1", description = "A JSON filter, e.g. {\"age\": {\"operator\": \"gt\", \"value\": 30}}.")
    String filter;

    @Option(names = "--sort", paramLabel = "JSON", description = "Sort spec, e.g. {\"age\": -1, \"name\": 1}.")
    String sort;

    @Option(names = "--limit", paramLabel = "N", description = "Return at most N results.")
    Long limit;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N results (after sorting).")
    Long offset;

    @Option(names = "--table", description = "Show the results as a table of top-level fields.")
    boolean asTable;

    @Option(names = "--explain", description = "Also show how the query ran: the index used (or a scan), entries and items examined, time.")
    boolean explain;

    public QueryCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        Query.Builder q = Query.builder();
        if (filter != null) {
            q.filter(filter);
        }
        if (sort != null) {
            q.sort(sort);
        }
        if (limit != null) {
            q.limit(limit);
        }
        if (offset != null) {
            q.offset(offset);
        }
        if (explain) {
            Explained e = store.explain(table, q.build());
            out().items(e.results(), asTable);
            QueryPlan p = e.plan();
            if (out().pretty()) {
                out().line("plan: " + (p.index() == null ? "full scan" : "index " + p.index()) + ", "
                        + p.keysExamined() + " index entries and " + p.itemsExamined() + " items examined, "
                        + p.returned() + " returned, " + p.micros() + " µs");
            } else {
                out().json(dev.mikrodb.wire.IndexCodec.toJson(p));
            }
            return ExitCodes.OK;
        }
        out().items(store.query(table, q.build()), asTable);
        return ExitCodes.OK;
    }
}
