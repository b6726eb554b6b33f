package dev.mikrodb;

import java.nio.file.Files;
import java.nio.file.Path;

/** A process that writes and takes backups in a loop until killed (for {@link BackupTest}). */
public final class BackupChild {
    private BackupChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path backups = Path.of(args[1]);
        Files.createDirectories(backups);
        try (MikroDB db = MikroDB.open(dir)) {
            for (int i = 0; i < 20_000; i++) {
                db.write("t", "k" + i, "x".repeat(100));
            }
            for (int round = 0; ; round++) {
                db.write("t", "round", round);
                db.backup(backups);
                System.out.println("BACKUP " + round);
                System.out.flush();
            }
        }
    }
}
