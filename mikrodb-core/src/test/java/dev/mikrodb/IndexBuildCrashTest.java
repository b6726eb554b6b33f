package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 during an online index build: the database opens, with the whole index or none of it. */
class IndexBuildCrashTest {
    @TempDir
    Path dir;

    @Test
    void aKillDuringABuildLeavesTheWholeIndexOrNone() throws Exception {
        Random random = new Random();
        int complete = 0;
        int none = 0;
        for (int round = 0; round < 6; round++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    IndexBuildChild.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            CountDownLatch building = new CountDownLatch(1);
            CountDownLatch built = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.equals("BUILDING")) {
                            building.countDown();
                        } else if (line.equals("BUILT")) {
                            built.countDown();
                        }
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            reader.start();
            assertTrue(building.await(120, TimeUnit.SECONDS), "the child started building");
            if (round % 2 == 1) {
                assertTrue(built.await(120, TimeUnit.SECONDS), "the child finished building");
            }
            Thread.sleep(random.nextInt(50)); // a random moment to kill at, during the build or just after
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join();
            try (MikroDB db = MikroDB.open(dir)) {
                List<IndexInfo> indexes = db.indexes("t");
                if (indexes.isEmpty()) {
                    none++;
                } else {
                    complete++;
                    assertEquals(db.tableSize("t"), indexes.get(0).entries(), "a complete index");
                    Explained e = db.explain("t", Query.builder().filter("{\"n\": 5}").build());
                    assertEquals("n_1", e.plan().index());
                    assertEquals(db.query("t", Query.builder().filter((Filter) v -> v.path("n").asInt() == 5).build())
                            .size(), e.results().size());
                    db.dropIndex("t", "n_1"); // the next round builds it again
                }
            }
        }
        System.out.println("IndexBuildCrashTest: " + complete + " rounds found the whole index, " + none + " none");
        assertTrue(complete >= 3, "every round killed after the build finds the index");
    }
}
