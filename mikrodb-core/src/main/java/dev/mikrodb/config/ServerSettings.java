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

    @Override
    public String toString() {
        return "ServerSettings{port=" + port + ", host=" + host + ", https=" + useHttps + ", http2=" + useHttp2
                + ", rateLimit=" + (rateLimitEnabled ? rateLimitRequestsPerMinute + "/min" : "off") + ", allowed="
                + allowedDomains + ", apiKey=" + (apiKey == null ? "none" : "set") + ", insecure=" + insecure + "}";
    }
}
