package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.Query;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", description = "List the items of a table that match a filter (docs/queries.md), optionally sorted and paged.")
public final class QueryCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    @Parameters(index = "1", paramLabel = "FILTER", arity = "0..1", description = "A JSON filter, e.g. {\"age\": {\"operator\": \"gt\", \"value\": 30}}.")
    String filter;

    @Option(names = "--sort", paramLabel = "JSON", description = "Sort spec, e.g. {\"age\": -1, \"name\": 1}.")
    String sort;

    @Option(names = "--limit", paramLabel = "N")
    Long limit;

    @Option(names = "--offset", paramLabel = "N")
    Long offset;

    @Option(names = "--table", description = "Show the results as a table of top-level fields.")
    boolean asTable;

    public QueryCommand(Session session) {
        super(session);
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
        out().items(store.query(table, q.build()), asTable);
        return ExitCodes.OK;
    }
}
