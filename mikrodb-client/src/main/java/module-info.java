/** The typed HTTP client: {@code dev.mikrodb.client.MikroDBClient} implements core's {@code MikroStore} over HTTP. */
module dev.mikrodb.client {
    requires transitive dev.mikrodb.core;
    requires java.net.http;

    exports dev.mikrodb.client;
}
