package dev.mikrodb.server.internal;

import dev.mikrodb.DurabilityDeferral;
import dev.mikrodb.MikroDB;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Writes answered on the IO thread that must wait for an fsync (durability {@code sync}, {@code flushImmediately}):
 * the handler runs in a {@link DurabilityDeferral} scope, so the commit returns once logged, and its answer is held
 * back ({@link Responses#bytes} asks {@link #sendWhenDurable}) until the database's background thread has forced the
 * log over it. The IO thread goes on to other connections meanwhile, and every write one fsync covers is answered
 * together: group commit across connections without a blocked worker per writer.
 */
final class DeferredAnswers {
    private static final ThreadLocal<DurabilityDeferral> CURRENT = new ThreadLocal<>();

    private DeferredAnswers() {
    }

    /** Runs {@code handler} with the durability waits of its commits deferred to its answer. */
    static void run(MikroDB db, HttpServerExchange exchange, HttpHandler handler) throws Exception {
        try (DurabilityDeferral deferral = db.deferDurability()) {
            CURRENT.set(deferral);
            handler.handleRequest(exchange);
        } finally {
            CURRENT.set(null); // not remove(): see DeferredAcks.Scope.close
        }
    }

    /**
     * For an answer about to be sent: when this thread's scope holds a commit not yet durable, leaves {@code send}
     * to run on the exchange's IO thread once it is (or answers the failure instead) and returns true.
     */
    static boolean sendWhenDurable(HttpServerExchange exchange, Runnable send) {
        DurabilityDeferral deferral = CURRENT.get();
        if (deferral == null || !deferral.hasPendingWrites()) {
            return false;
        }
        CompletableFuture<Void> durable = deferral.whenDurable();
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { }); // the exchange stays open after the handler
        durable.whenComplete((ok, failure) -> exchange.getIoThread().execute(() -> {
            if (failure == null) {
                send.run();
            } else {
                // WriteInDoubtException (500: in the log, may not survive a crash) or DatabaseClosedException (503)
                ErrorMappingHandler.answer(exchange, failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : failure, false);
            }
        }));
        return true;
    }
}
