package dev.mikrodb.client;

import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.MikroStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against the embedded database. */
class EmbeddedStoreContractTest extends StoreContract {
    @TempDir
    Path dir;
    MikroDB db;

    @BeforeEach
    void open() {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).clock(clock).build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    MikroStore store() {
        return db;
    }
}
