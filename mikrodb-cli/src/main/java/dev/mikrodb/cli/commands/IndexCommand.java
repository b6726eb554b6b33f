package dev.mikrodb.cli.commands;

import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.IndexCodec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "index", description = "Manage a table's indexes: index create TABLE FIELD... [--unique] [--sparse], index drop TABLE NAME, index list TABLE.")
public final class IndexCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "create, drop or list.")
    String action;

    @Parameters(index = "1", paramLabel = "TABLE", description = "The table.")
    String table;

    @Parameters(index = "2..*", paramLabel = "FIELD", description = "create: field paths, ':-1' after one for descending (age:-1); drop: the index name.")
    List<String> rest = new ArrayList<>();

    @Option(names = "--unique", description = "Refuse two items with equal values.")
    boolean unique;

    @Option(names = "--sparse", description = "Leave out items missing the first field.")
    boolean sparse;

    @Option(names = "--name", paramLabel = "NAME", description = "The index's name (derived from the fields when absent).")
    String name;

    public IndexCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        switch (action) {
            case "create" -> {
                if (rest.isEmpty()) {
                    throw new dev.mikrodb.ValidationException("index create needs at least one field: index create "
                            + table + " age");
                }
                List<IndexSpec.Field> fields = new ArrayList<>();
                for (String f : rest) {
                    if (f.endsWith(":-1") || f.endsWith(":1")) {
                        fields.add(new IndexSpec.Field(f.substring(0, f.lastIndexOf(':')), f.endsWith(":-1")));
                    } else {
                        fields.add(new IndexSpec.Field(f, false));
                    }
                }
                print(store.createIndex(table, new IndexSpec(name, fields, unique, sparse)));
                return ExitCodes.OK;
            }
            case "drop" -> {
                if (rest.size() != 1) {
                    throw new dev.mikrodb.ValidationException("index drop needs the index name: index drop " + table
                            + " NAME (index list " + table + " shows them)");
                }
                if (!store.dropIndex(table, rest.get(0))) {
                    out().error("not found: no index '" + rest.get(0) + "' on table '" + table + "'");
                    return ExitCodes.NOT_FOUND_OR_CONFLICT;
                }
                out().info("dropped index " + rest.get(0));
            }
            case "list" -> {
                List<IndexInfo> infos = store.indexes(table);
                if (out().pretty()) {
                    infos.forEach(this::print);
                    out().info(infos.size() + (infos.size() == 1 ? " index" : " indexes"));
                } else {
                    out().json(IndexCodec.toJson(infos));
                }
            }
            default -> throw new dev.mikrodb.ValidationException("unknown index action '" + action
                    + "'; use create, drop or list");
        }
        return ExitCodes.OK;
    }

    private void print(IndexInfo info) {
        if (out().pretty()) {
            StringBuilder fields = new StringBuilder();
            info.spec().fields().forEach(f -> fields.append(fields.length() == 0 ? "" : ", ")
                    .append(f.descending() ? "-" : "").append(f.path()));
            out().line(info.spec().name() + "  (" + fields + ")" + (info.spec().unique() ? " unique" : "")
                    + (info.spec().sparse() ? " sparse" : "") + (info.multikey() ? " multikey" : "") + "  "
                    + out().dim(info.entries() + " entries"));
        } else {
            out().json(IndexCodec.toJson(info));
        }
    }
}
