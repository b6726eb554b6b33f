package dev.mikrodb.client;

import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.MikroStore;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The same store contract through the client, against a real server on a free loopback port. */
class RemoteStoreContractTest extends StoreContract {
    @TempDir
    Path dir;
    MikroDB db;
    MikroServer server;
    MikroDBClient client;

    @BeforeEach
    void start() {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).clock(clock).build());
        server = MikroServer.start(db, ServerSettings.builder().port(0).build());
        client = MikroDBClient.connect(server.baseUrl());
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
        db.close();
    }

    @Override
    MikroStore store() {
        return client;
    }
}
