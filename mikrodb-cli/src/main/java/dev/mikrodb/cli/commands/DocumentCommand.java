package dev.mikrodb.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import picocli.CommandLine.Option;

/** A command of the document API: works on a collection of the current database ({@code use DB}) or --database. */
public abstract class DocumentCommand extends StoreCommand {
    @Option(names = "--database", paramLabel = "DB", description = "The database (default: the one chosen with 'use', else 'default').")
    String databaseOption;

    protected DocumentCommand(Session session) {
        super(session);
    }

    protected String database() {
        return databaseOption != null ? databaseOption : session.database();
    }

    protected DocumentCollection collection(MikroStore store, String name) {
        return store.database(database()).collection(name);
    }

    /** JSON text from the command line, checked strictly. */
    protected static JsonNode json(String text, String what) {
        return text == null ? null : WireJson.parse(text, what);
    }
}
