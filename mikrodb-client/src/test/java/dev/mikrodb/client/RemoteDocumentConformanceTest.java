package dev.mikrodb.client;

import dev.mikrodb.MikroDB;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import dev.mikrodb.testing.DocumentConformance;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document conformance cases through the typed client against a real server on a free loopback port: every
 * argument and answer crosses the HTTP contract of docs/documents.md.
 */
class RemoteDocumentConformanceTest {
    @TempDir
    static Path dir;
    static MikroDB db;
    static MikroServer server;
    static MikroDBClient client;

    @BeforeAll
    static void start() {
        db = MikroDB.open(dir);
        server = MikroServer.start(db, ServerSettings.builder().port(0).build());
        client = MikroDBClient.connect(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
        db.close();
    }

    @TestFactory
    Stream<DynamicTest> mongoDbDocumentedExamplesOverHttp() {
        return DocumentConformance.tests(() -> client);
    }
}
