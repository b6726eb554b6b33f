/**
 * MikroDB's embedded database. The API is {@code dev.mikrodb} (and {@code dev.mikrodb.config}); the wire format is
 * shared with the server, the client and the shell only; everything under {@code dev.mikrodb.internal} is private.
 */
module dev.mikrodb.core {
    requires transitive com.fasterxml.jackson.databind;
    requires org.bouncycastle.provider;
    requires java.net.http;

    exports dev.mikrodb;
    exports dev.mikrodb.config;
    exports dev.mikrodb.wire to dev.mikrodb.server, dev.mikrodb.client, dev.mikrodb.cli;
}
