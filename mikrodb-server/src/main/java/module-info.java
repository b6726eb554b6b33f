/** MikroDB as a JSON HTTP API on Undertow: {@code dev.mikrodb.server.MikroServer} and {@code ServerMain}. */
module dev.mikrodb.server {
    requires transitive dev.mikrodb.core;
    requires undertow.core;
    requires xnio.api;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires java.logging;
    requires java.management;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.config;
    requires io.prometheus.writer.text;
    requires io.prometheus.metrics.instrumentation.jvm;
    requires com.cronutils;

    exports dev.mikrodb.server;
}
