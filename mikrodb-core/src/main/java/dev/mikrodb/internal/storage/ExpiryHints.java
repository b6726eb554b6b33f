package dev.mikrodb.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code expiry.hints}: the soonest expiration of each table that holds expiring items, written at every checkpoint,
 * so that after a restart the expiry sweeper knows which tables to load when, without loading every table at open.
 * Only a hint: a missing or unreadable file means tables expire when something loads them, a stale entry costs one
 * needless load. Text, one {@code <epoch millis> <table>} per line; it holds no values.
 */
public final class ExpiryHints {
    public static final String FILE = "expiry.hints";

    private ExpiryHints() {
    }

    /** The hints, or none when the file is missing or unreadable. */
    public static Map<String, Long> read(FileLayer files, Path directory) {
        Map<String, Long> hints = new HashMap<>();
        try {
            String text = new String(files.readAll(directory.resolve(FILE)), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    hints.put(line.substring(space + 1), Long.parseLong(line.substring(0, space)));
                }
            }
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of(); // only a hint
        }
        return hints;
    }

    /** Replaces the file (a temp file renamed over it; not fsynced: a lost update is only a lost hint). */
    public static void write(FileLayer files, Path directory, Map<String, Long> soonest) throws IOException {
        StringBuilder text = new StringBuilder();
        soonest.forEach((table, at) -> text.append(at).append(' ').append(table).append('\n'));
        Path temp = directory.resolve(FILE + ".tmp");
        try (StorageFile f = files.create(temp)) {
            f.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        }
        files.moveAtomically(temp, directory.resolve(FILE));
    }
}
