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
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.utils;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;

    exports dev.mikrodb.server;
}
