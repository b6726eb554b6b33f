package dev.mikrodb.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (a tmpfs) for disk-full tests: mounted when the tests run as root (as CI here does),
 * unavailable otherwise, in which case tests fall back to the fault-injecting file layer. A ballast file takes the
 * space up and gives it back on demand.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path ballast;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.ballast = mountPoint.resolve("ballast");
    }

    /** Mounts a tmpfs of {@code bytes} at {@code at} (created if needed); empty when this process may not. */
    public static Optional<SmallDisk> mount(Path at, long bytes) {
        try {
            Files.createDirectories(at);
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", at.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(new SmallDisk(at));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public Path path() {
        return mountPoint;
    }

    public long free() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /** Fills the disk with a ballast file until at most {@code leave} bytes remain free. */
    public void fill(long leave) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(ballast, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (free() > leave) {
                out.write(block, 0, (int) Math.min(block.length, Math.max(1, free() - leave)));
                out.flush();
            }
        } catch (IOException full) {
            // the disk filled up while writing: that is the point
        }
    }

    /** Gives the ballast's space back. */
    public void freeBallast() throws IOException {
        Files.deleteIfExists(ballast);
    }

    @Override
    public void close() throws IOException {
        try {
            new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start()
                    .waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
