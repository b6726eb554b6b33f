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
    public static final int DEFAULT_PORT = 3000;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 100;
    public static final List<String> DEFAULT_ALLOWED_DOMAINS = List.of("*");
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;

    public ServerSettings {
        allowedDomains = List.copyOf(allowedDomains);
    }

    /** A builder starting from the defaults (port 3000 on 127.0.0.1, no TLS, no rate limit, any origin, 4 MiB). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "ServerSettings{port=" + port + ", host=" + host + ", https=" + useHttps + ", http2=" + useHttp2
                + ", rateLimit=" + (rateLimitEnabled ? rateLimitRequestsPerMinute + "/min" : "off") + ", allowed="
                + allowedDomains + ", apiKey=" + (apiKey == null ? "none" : "set") + ", insecure=" + insecure + "}";
    }

    /** Builder for {@link ServerSettings}. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String host = DEFAULT_HOST;
        private boolean useHttps;
        private boolean useHttp2;
        private String sslCert;
        private String sslKey;
        private String sslCa;
        private boolean rateLimitEnabled;
        private int rateLimitRequestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
        private List<String> allowedDomains = DEFAULT_ALLOWED_DOMAINS;
        private boolean debug;
        private String apiKey;
        private boolean insecure;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

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

        public Builder useHttps(boolean enabled) {
            this.useHttps = enabled;
            return this;
        }

        public Builder sslCert(String file) {
            this.sslCert = file;
            return this;
        }

        public Builder sslKey(String file) {
            this.sslKey = file;
            return this;
        }

        public Builder sslCa(String file) {
            this.sslCa = file;
            return this;
        }

        public Builder http2(boolean enabled) {
            this.useHttp2 = enabled;
            return this;
        }

        /** Turns rate limiting on at {@code requestsPerMinute} per client address. */
        public Builder rateLimit(int requestsPerMinute) {
            rateLimitEnabled(true);
            return requestsPerMinute(requestsPerMinute);
        }

        public Builder rateLimitEnabled(boolean enabled) {
            this.rateLimitEnabled = enabled;
            return this;
        }

        /** The rate limit's allowance per client address, used when rate limiting is on. */
        public Builder requestsPerMinute(int requestsPerMinute) {
            if (requestsPerMinute < 1) {
                throw new ConfigurationException("requestsPerMinute must be at least 1; got " + requestsPerMinute);
            }
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
