package dev.mikrodb.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.CheckReport;
import dev.mikrodb.MikroDB;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", description = "Verify every file of a database directory (best closed, or a copy): metadata, every WAL record, every table entry. Reports each file OK, TORN_TAIL (an interrupted write recovery sets aside) or DAMAGED with the offset; exit 0 only when nothing is damaged. Changes nothing.")
public final class CheckCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "The database directory.")
    Path dir;

    @Option(names = "--encryptionKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "Encryption key: ",
            description = "Passphrase of an encrypted database (without it its WAL and tables are skipped). Also MIKRODB_ENCRYPTION_KEY.")
    String encryptionKey;

    @Option(names = "--repair", paramLabel = "NEW_DIR", description = "Copy what verifies into this new directory and list exactly what was lost (the checked directory is not changed).")
    Path repair;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private final Session session;

    public CheckCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String key = encryptionKey != null ? encryptionKey : session.env().get("MIKRODB_ENCRYPTION_KEY");
        if (repair != null) {
            dev.mikrodb.SalvageReport s = MikroDB.salvage(dir, repair, key);
            s.kept().forEach(k -> session.output().line("kept " + k));
            s.lost().forEach(l -> session.output().line("LOST " + l));
            session.output().line("salvaged into " + repair + ": " + s.items() + " items; "
                    + (s.lost().isEmpty() ? "nothing was lost" : s.lost().size() + " file(s) or tail(s) lost"));
            return s.lost().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        CheckReport r = MikroDB.check(dir, key);
        if (session.output().pretty()) {
            for (CheckReport.FileCheck f : r.files()) {
                session.output().line(String.format("%-10s %s%s%s", f.status(), f.file(), f.offset() >= 0
                        ? " at offset " + f.offset() : "", f.detail().isEmpty() ? "" : "  " + session.output()
                        .dim(f.detail())));
            }
            session.output().line(r.healthy() ? "healthy" : "DAMAGED");
        } else {
            ObjectNode out = WireJson.object().put("healthy", r.healthy());
            ArrayNode files = out.putArray("files");
            for (CheckReport.FileCheck f : r.files()) {
                files.addObject().put("file", f.file()).put("status", f.status().name()).put("offset", f.offset())
                        .put("records", f.records()).put("detail", f.detail());
            }
            session.output().json(out);
        }
        if (!r.healthy()) {
            session.output().error("damaged: " + r.files().stream().filter(f -> f.status()
                    == CheckReport.Status.DAMAGED).map(f -> f.file() + (f.offset() >= 0 ? " at offset " + f.offset()
                    : "")).reduce((a, b) -> a + ", " + b).orElse(""));
        }
        return r.healthy() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
