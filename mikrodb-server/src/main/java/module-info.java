/** MikroDB as a JSON HTTP API on Undertow: {@code dev.mikrodb.server.MikroServer} and {@code ServerMain}. */
module dev.mikrodb.server {
    requires transitive dev.mikrodb.core;
    requires undertow.core;
    requires xnio.api;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires java.logging;

    exports dev.mikrodb.server;
}
