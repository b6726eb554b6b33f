package dev.mikrodb.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * {@link Transport} for a server URL: requests to an {@code http://} server go over {@link Http1Client}'s plain
 * keep-alive sockets; TLS, a preference for HTTP/2 and long-lived change streams go through
 * {@code java.net.http.HttpClient}, created on first use.
 */
public final class HttpTransport implements Transport {
    /** At most this many async requests run at once on the plain path; the rest wait in order for a thread. */
    static final int MAX_ASYNC_REQUESTS = 64;
    static final String ASYNC_THREAD_NAME = "mikrodb-client-async";
    /**
     * Runs async requests on the plain path. Each running request holds a thread and a connection for its round trip,
     * so the pool is bounded (as the idle connections are): ten thousand {@code writeAsync} calls at once queue
     * instead of opening ten thousand sockets and threads. Daemon threads that end after 30 s idle, so an unclosed
     * client never holds the JVM up.
     */
    private static final ExecutorService ASYNC = asyncPool();

    private final String baseUrl;
    private final Credentials credentials;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final SSLContext sslContext;
    private final boolean http2;
    /** Null when the URL is https:// or HTTP/2 is preferred. */
    private final Http1Client plain;
    private volatile HttpClient http;

    public HttpTransport(String baseUrl, Credentials credentials, Duration connectTimeout, Duration requestTimeout,
                         SSLContext sslContext, boolean http2) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.sslContext = sslContext;
        this.http2 = http2;
        this.plain = baseUrl.startsWith("http://") && !http2 ? new Http1Client(URI.create(this.baseUrl),
                connectTimeout) : null;
    }

    private static ExecutorService asyncPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_ASYNC_REQUESTS, MAX_ASYNC_REQUESTS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, ASYNC_THREAD_NAME);
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout)
                            .version(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER);
                    if (sslContext != null) {
                        builder.sslContext(sslContext);
                    }
                    http = builder.build();
                }
                client = http;
            }
        }
        return client;
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

    /** Sends exactly this request with {@code authorization} as given (null for none): no login, no renewal. */
    Response exchange(Request request, String authorization) throws IOException, InterruptedException {
        if (plain != null) {
            return plain.exchange(request.method(), request.pathAndQuery(), request.body(), authorization,
                    requestTimeout);
        }
        HttpResponse<byte[]> r = http().send(build(request, requestTimeout, authorization),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        if (request.authorization() != null) { // someone else's credentials: sent as they are, never renewed
            return exchange(request, request.authorization());
        }
        String authorization = credentials.header(this);
        Response r = exchange(request, authorization);
        if (r.status() == 401 && credentials.renewAfterRefusal(authorization)) {
            // the session ended on the server (restart, user changed): log in again and repeat once; the request
            // was refused before it did anything, so repeating it is safe
            r = exchange(request, credentials.header(this));
        }
        return r;
    }

    @Override
    public CompletableFuture<Response> sendAsync(Request request) {
        if (plain != null) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return send(request);
                } catch (IOException e) {
                    throw new CompletionException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            }, ASYNC);
        }
        String authorization;
        try {
            authorization = credentials.header(this);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return http().sendAsync(build(request, requestTimeout, authorization),
                        HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Response(r.statusCode(), r.headers().map(), r.body()));
    }

    @Override
    public Stream openStream(Request request) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http().send(build(request, null, credentials.header(this)),
                HttpResponse.BodyHandlers.ofInputStream());
        return new Stream(r.statusCode(), r.body());
    }

    @Override
    public String url(Request request) {
        return baseUrl + request.pathAndQuery();
    }

    @Override
    public void close() {
        if (plain != null) {
            plain.close();
        }
    }
}
