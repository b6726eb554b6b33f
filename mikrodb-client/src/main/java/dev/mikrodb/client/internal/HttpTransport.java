package dev.mikrodb.client.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/** {@link Transport} on {@code java.net.http.HttpClient}: keep-alive connections, optional HTTP/2 and TLS trust. */
public final class HttpTransport implements Transport {
    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Duration requestTimeout;

    public HttpTransport(String baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout,
                         SSLContext sslContext, boolean http2) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .version(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    private HttpRequest build(Request request, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(request)))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .header("Accept", "application/json");
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (request.body() != null) {
            b.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b.build();
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(build(request, requestTimeout), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }

    @Override
    public CompletableFuture<Response> sendAsync(Request request) {
        return http.sendAsync(build(request, requestTimeout), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Response(r.statusCode(), r.headers().map(), r.body()));
    }

    @Override
    public Stream openStream(Request request) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> r = http.send(build(request, null),
                HttpResponse.BodyHandlers.ofInputStream());
        return new Stream(r.statusCode(), r.body());
    }

    @Override
    public String url(Request request) {
        return baseUrl + request.pathAndQuery();
    }
}
