package dev.mikrodb.config;

import java.util.List;

/**
 * The {@code server.*} options of the configuration table, used by {@code mikrodb-server}.
 *
 * @param host the address to bind; loopback by default, since the API has no key unless one is set
 * @param rateLimitRequestsPerMinute per client address, applied when {@code rateLimitEnabled}
 * @param allowedDomains CORS origins; {@code ["*"]} allows any
 * @param apiKey when set, every request but {@code /health} must carry it
 * @param insecure allow binding a non-loopback address without an API key
 * @param maxBodyBytes request bodies larger than this are refused with 413
 */
public record ServerSettings(int port, String host, boolean useHttps, boolean useHttp2, String sslCert,
                             String sslKey, String sslCa, boolean rateLimitEnabled, int rateLimitRequestsPerMinute,
                             List<String> allowedDomains, boolean debug, String apiKey, boolean insecure,
                             long maxBodyBytes) {
    public ServerSettings {
        allowedDomains = List.copyOf(allowedDomains);
    }

    /** A builder starting from the defaults (port 3000 on 127.0.0.1, no TLS, no rate limit, any origin, 4 MiB). */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.host = host;
        b.useHttps = useHttps;
        b.useHttp2 = useHttp2;
        b.sslCert = sslCert;
        b.sslKey = sslKey;
        b.sslCa = sslCa;
        b.rateLimitEnabled = rateLimitEnabled;
        b.rateLimitRequestsPerMinute = rateLimitRequestsPerMinute;
        b.allowedDomains = allowedDomains;
        b.debug = debug;
        b.apiKey = apiKey;
        b.insecure = insecure;
        b.maxBodyBytes = maxBodyBytes;
        return b;
    }

    @Override
    public String toString() {
        return "ServerSettings{port=" + port + ", host=" + host + ", https=" + useHttps + ", http2=" + useHttp2
                + ", rateLimit=" + (rateLimitEnabled ? rateLimitRequestsPerMinute + "/min" : "off") + ", allowed="
                + allowedDomains + ", apiKey=" + (apiKey == null ? "none" : "set") + ", insecure=" + insecure + "}";
    }

    /** Builder for {@link ServerSettings}. */
    public static final class Builder {
        private int port = 3000;
        private String host = "127.0.0.1";
        private boolean useHttps;
        private boolean useHttp2;
        private String sslCert;
        private String sslKey;
        private String sslCa;
        private boolean rateLimitEnabled;
        private int rateLimitRequestsPerMinute = 100;
        private List<String> allowedDomains = List.of("*");
        private boolean debug;
        private String apiKey;
        private boolean insecure;
        private long maxBodyBytes = 4L << 20;

        private Builder() {
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new ConfigurationException("port must be from 0 to 65535; got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** HTTPS from PEM files; {@code caFile} (a chain to send after the certificate) may be null. */
        public Builder https(String certFile, String keyFile, String caFile) {
            this.useHttps = true;
            this.sslCert = certFile;
            this.sslKey = keyFile;
            this.sslCa = caFile;
            return this;
        }

        public Builder http2(boolean enabled) {
            this.useHttp2 = enabled;
            return this;
        }

        public Builder rateLimit(int requestsPerMinute) {
            if (requestsPerMinute < 1) {
                throw new ConfigurationException("requestsPerMinute must be at least 1; got " + requestsPerMinute);
            }
            this.rateLimitEnabled = true;
            this.rateLimitRequestsPerMinute = requestsPerMinute;
            return this;
        }

        public Builder allowedDomains(List<String> origins) {
            this.allowedDomains = List.copyOf(origins);
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1024) {
                throw new ConfigurationException("maxBodyBytes must be at least 1024; got " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        public ServerSettings build() {
            return new ServerSettings(port, host, useHttps, useHttp2, sslCert, sslKey, sslCa, rateLimitEnabled,
                    rateLimitRequestsPerMinute, allowedDomains, debug, apiKey, insecure, maxBodyBytes);
        }
    }
}
