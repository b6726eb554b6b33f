package dev.mikrodb.cli.commands;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.MikroStore;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.Subscription;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.ChangeEventCodec;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = "Print change events as they happen, until Ctrl-C (or --count events); "
        + "--from REV first replays the retained changes after revision REV.")
public final class WatchCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", arity = "0..1", description = "Only this table's events.")
    String table;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    Integer count;

    @Option(names = "--from", paramLabel = "REV", description = "Start with the retained changes after revision REV "
            + "(0: all that are retained), then go on live.")
    Long from;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only keys that start with PREFIX.")
    String prefix;

    @Option(names = "--previous", description = "Show the value each change replaced.")
    boolean previous;

    public WatchCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        CountDownLatch done = new CountDownLatch(count == null ? 1 : Math.max(count, 0));
        if (count != null && count <= 0) {
            return ExitCodes.OK;
        }
        if (from != null && from < 0) {
            throw new dev.mikrodb.ValidationException("--from takes a revision, 0 or more; got " + from);
        }
        SubscribeOptions options = new SubscribeOptions(from == null ? -1 : from, prefix, previous);
        Subscription subscription = store.subscribe(table, options, event -> {
            print(event);
            if (count != null) {
                done.countDown();
            }
        });
        try {
            out().info("watching " + (table == null ? "every table" : "table " + table)
                    + (from == null ? "" : " from revision " + from) + "; Ctrl-C to stop");
            if (session.description() != null && session.description().startsWith("local")) {
                out().notice("a local directory is open in this process only, so these are this session's changes; "
                        + "to watch another program's writes, run 'mikrodb serve' on the directory and 'watch' in "
                        + "'mikrodb shell --url URL'");
            }
            done.await();
        } catch (InterruptedException e) {
            Thread.interrupted(); // Ctrl-C: back to the prompt
        } finally {
            subscription.close();
        }
        return ExitCodes.OK;
    }

    private synchronized void print(ChangeEvent event) {
        if (out().pretty()) {
            out().line("@" + event.revision() + " " + event.operation() + " " + event.table()
                    + (event.key() == null ? "" : "/" + event.key())
                    + (event.version() > 0 ? " v" + event.version() : "")
                    + (event.record() != null && event.operation().equals(ChangeEvent.ITEM_WRITTEN)
                    ? " " + event.record().valueJson() : "")
                    + (event.previous() != null && event.operation().equals(ChangeEvent.ITEM_WRITTEN)
                    ? " (was " + event.previous().valueJson() + ")" : ""));
        } else {
            out().line(ChangeEventCodec.toText(event));
        }
    }
}
