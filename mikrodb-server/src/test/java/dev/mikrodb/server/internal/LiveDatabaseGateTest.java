package dev.mikrodb.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A request waiting at a gate a restore holds, when its worker is interrupted (the server stopping). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LiveDatabaseGateTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerInterruptedWhileARestoreHoldsTheGateAnswers503AndLeavesNothingInside() throws Exception {
        try (MikroDB db = MikroDB.open(dir)) {
            LiveDatabase live = new LiveDatabase(db);
            AtomicBoolean ran = new AtomicBoolean();
            HttpHandler gated = live.gated(exchange -> ran.set(true), "/restore");
            assertTrue(live.gate().close(0, TimeUnit.SECONDS), "held as a restore holds it");
            HttpServerExchange exchange = new HttpServerExchange(null);
            exchange.setRequestPath("/get");
            CompletableFuture<Void> answer = new CompletableFuture<>();
            Thread worker = new Thread(() -> {
                try {
                    gated.handleRequest(exchange);
                    answer.complete(null);
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
            worker.start();
            while (worker.getState() != Thread.State.WAITING) { // waiting at the closed gate
                assertFalse(answer.isDone(), "the request passed a closed gate");
                Thread.onSpinWait();
            }
            worker.interrupt();
            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> answer.get(30, TimeUnit.SECONDS));
            HttpException http = assertInstanceOf(HttpException.class, failed.getCause(), "not a 500 bug");
            assertEquals(503, http.status());
            assertTrue(http.getMessage().contains("try again"), http.getMessage());
            assertFalse(ran.get(), "the handler did not run");
            worker.join();
            live.gate().open();
            assertTrue(live.gate().close(0, TimeUnit.SECONDS), "the interrupted request left nobody inside the gate");
        }
    }
}
