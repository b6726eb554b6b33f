package dev.mikrodb.documents;

import dev.mikrodb.MikroDB;
import dev.mikrodb.testing.DocumentConformance;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** MongoDB's documented operator examples against the embedded database (the client runs the same cases remotely). */
class DocumentConformanceTest {
    @TempDir
    static Path dir;
    static MikroDB db;

    @BeforeAll
    static void open() {
        db = MikroDB.open(dir);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @TestFactory
    Stream<DynamicTest> mongoDbDocumentedExamples() {
        return DocumentConformance.tests(() -> db);
    }
}
