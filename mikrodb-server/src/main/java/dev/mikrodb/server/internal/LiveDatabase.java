package dev.mikrodb.server.internal;

import dev.mikrodb.AccessControl;
import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.MikroStore;
import dev.mikrodb.StorageException;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The database a server owns, replaceable by an online restore. Handlers hold {@link #store()} and
 * {@link #accessControl()}, which forward every call to the database being served; requests pass a gate
 * ({@link #gated}) that a restore closes while it swaps the directories, so no request sees a half-swapped state.
 */
public final class LiveDatabase {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.server");
    private final RestoreGate gate = new RestoreGate();
    private volatile MikroDB current;
    private final MikroStore store;
    private final AccessControl accessControl;

    public LiveDatabase(MikroDB db) {
        this.current = db;
        this.store = forward(MikroStore.class, () -> current);
        this.accessControl = forward(AccessControl.class, () -> current.accessControl());
    }

    public MikroStore store() {
        return store;
    }

    public AccessControl accessControl() {
        return accessControl;
    }

    public MikroDB current() {
        return current;
    }

    /** The gate itself, for tests that hold it closed as a restore does. */
    RestoreGate gate() {
        return gate;
    }

    /** Runs requests (on a worker) while no restore is swapping; {@code exempt} requests (the restore) pass. */
    public HttpHandler gated(HttpHandler next, String exemptPath) {
        return exchange -> {
            if (exchange.getRequestPath().equals(exemptPath)) {
                next.handleRequest(exchange);
                return;
            }
            try {
                gate.enter();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a worker is interrupted only when the server stops
                throw new HttpException(503, "the server stopped while a restore held the database; try again");
            }
            try {
                next.handleRequest(exchange);
            } finally {
                gate.exit();
            }
        };
    }

    /**
     * Runs {@code next} on the calling thread if no restore is swapping right now (never waits: the caller may be an
     * IO thread); returns false, having run nothing, when one is. {@code next} must not pass {@link #gated} again:
     * the gate is not reentrant.
     */
    public boolean runIfNotRestoring(io.undertow.server.HttpServerExchange exchange, HttpHandler next)
            throws Exception {
        if (!gate.tryEnter()) {
            return false;
        }
        try {
            next.handleRequest(exchange);
            return true;
        } finally {
            gate.exit();
        }
    }

    /**
     * Restores {@code archive} in place of the served data: it is restored and opened beside the data directory
     * first (the server keeps serving meanwhile); then requests pause, the database closes, its directory is moved
     * aside, the restored one moved in and opened. If that open fails, the old directory is moved back and served
     * again. The old data is deleted only once the restored copy serves.
     */
    public BackupInfo restore(Path archive) {
        MikroDB old = current;
        MikroOptions options = old.options();
        Path dir = old.directory().toAbsolutePath();
        String stamp = Long.toString(System.currentTimeMillis());
        Path restoring = dir.resolveSibling(dir.getFileName() + ".restoring-" + stamp);
        Path aside = dir.resolveSibling(dir.getFileName() + ".before-restore-" + stamp);
        BackupInfo info = MikroDB.restoreBackup(archive, options.toBuilder().databaseDirectory(restoring).build());
        try {
            if (!gate.close(30, TimeUnit.SECONDS)) {
                deleteTree(restoring);
                throw new HttpException(503, "requests did not finish within 30 s; nothing was restored");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteTree(restoring);
            throw new HttpException(503, "interrupted; nothing was restored");
        }
        try {
            old.close();
            try {
                Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                Files.move(restoring, dir, StandardCopyOption.ATOMIC_MOVE);
                current = MikroDB.open(options);
            } catch (IOException | RuntimeException e) {
                putBack(dir, aside, restoring, options);
                throw new StorageException("restore of " + archive + " failed, the previous data serves again: "
                        + e.getMessage(), e);
            }
        } finally {
            gate.open();
        }
        deleteTree(aside);
        LOG.log(System.Logger.Level.INFO, "restored " + archive + " (revision " + info.revision() + ")");
        return info;
    }

    private void putBack(Path dir, Path aside, Path restoring, MikroOptions options) {
        try {
            if (Files.exists(aside)) {
                if (Files.exists(dir)) {
                    Files.move(dir, restoring, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
            }
            current = MikroDB.open(options);
            deleteTree(restoring);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not put the previous data back after a failed restore; it is "
                    + "in " + aside + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T forward(Class<T> type, Supplier<Object> target) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> type.getSimpleName() + " of the served database";
                };
            }
            try {
                return method.invoke(target.get(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete " + root + ": " + e.getMessage());
        }
    }
}
