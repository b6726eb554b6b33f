package dev.mikrodb.cli.commands;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Subscription;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.ChangeEventCodec;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = "Print change events as they happen, until Ctrl-C (or --count events).")
public final class WatchCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", arity = "0..1", description = "Only this table's events.")
    String table;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    Integer count;

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
        Subscription subscription = store.subscribe(table, event -> {
            print(event);
            if (count != null) {
                done.countDown();
            }
        });
        try {
            out().info("watching " + (table == null ? "every table" : "table " + table) + "; Ctrl-C to stop");
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
            out().line(event.operation() + " " + event.table() + (event.key() == null ? "" : "/" + event.key())
                    + (event.version() > 0 ? " v" + event.version() : "")
                    + (event.record() != null && event.operation().equals(ChangeEvent.ITEM_WRITTEN)
                    ? " " + event.record().valueJson() : ""));
        } else {
            out().line(ChangeEventCodec.toText(event));
        }
    }
}
