package dev.mikrodb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child process for {@link CrashTest}: writes forever and prints {@code ACK n} after each acknowledged write of
 * sequence number n (key {@code k<n % keys>}, value {@code {"n": n}}), until it is killed.
 *
 * <p>Arguments: directory, table, durability, number of keys, padding bytes, encryption key or "-".
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String table = args[1];
        Durability durability = Durability.parse(args[2]);
        int keys = Integer.parseInt(args[3]);
        String pad = "p".repeat(Integer.parseInt(args[4]));
        String key = args[5].equals("-") ? null : args[5];
        MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).durability(durability)
                .walIntervalMillis(15).maxWriteOpsBeforeFlush(40).encryptionKey(key).build());
        StringBuilder out = new StringBuilder();
        long n = 0;
        while (true) {
            if (n % 7 == 3) {
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    batch.add(WriteRequest.of(table, "k" + ((n + i) % keys), Map.of("n", n + i, "pad", pad)));
                }
                db.writeBatch(batch);
                for (int i = 0; i < 3; i++) {
                    out.append("ACK ").append(n + i).append('\n');
                }
                n += 3;
            } else {
                db.write(table, "k" + (n % keys), Map.of("n", n, "pad", pad));
                out.append("ACK ").append(n).append('\n');
                n++;
            }
            System.out.print(out);
            System.out.flush();
            out.setLength(0);
        }
    }
}
