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
    private final Credentials credentials;
    private final Duration requestTimeout;

    public HttpTransport(String baseUrl, Credentials credentials, Duration connectTimeout, Duration requestTimeout,
                         SSLContext sslContext, boolean http2) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .version(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    private HttpRequest build(Request request, Duration timeout, String authorization) {
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
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        if (request.authorization() != null) { // someone else's credentials: sent as they are, never renewed
            HttpResponse<byte[]> r = http.send(build(request, requestTimeout, request.authorization()),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        }
        String authorization = credentials.header(http, baseUrl, requestTimeout);
        HttpResponse<byte[]> r = http.send(build(request, requestTimeout, authorization),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 401 && credentials.renewAfterRefusal(authorization)) {
            // the session ended on the server (restart, user changed): log in again and repeat once; the request
            // was refused before it did anything, so repeating it is safe
            r = http.send(build(request, requestTimeout, credentials.header(http, baseUrl, requestTimeout)),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }

    @Override
    public CompletableFuture<Response> sendAsync(Request request) {
        String authorization;
        try {
            authorization = credentials.header(http, baseUrl, requestTimeout);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(build(request, requestTimeout, authorization), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Response(r.statusCode(), r.headers().map(), r.body()));
    }

    @Override
    public Stream openStream(Request request) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> r = http.send(build(request, null, credentials.header(http, baseUrl,
                        requestTimeout)),
                HttpResponse.BodyHandlers.ofInputStream());
        return new Stream(r.statusCode(), r.body());
    }

    @Override
    public String url(Request request) {
        return baseUrl + request.pathAndQuery();
    }
}
