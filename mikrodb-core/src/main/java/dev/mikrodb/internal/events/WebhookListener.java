package dev.mikrodb.internal.events;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.WebhookTarget;
import dev.mikrodb.wire.ChangeEventCodec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs each event as JSON to a webhook target. Runs on its subscription's thread, so retries delay only this
 * target. Gives up on an event after {@link #MAX_ATTEMPTS} and logs it.
 */
public final class WebhookListener implements ChangeListener {
    static final int MAX_ATTEMPTS = 5;
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.events");

    private final WebhookTarget target;
    private final HttpClient http;
    private final long initialBackoffMillis;

    public WebhookListener(WebhookTarget target, long initialBackoffMillis) {
        this.target = target;
        this.initialBackoffMillis = initialBackoffMillis;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void onChange(ChangeEvent event) throws InterruptedException {
        byte[] body = ChangeEventCodec.toBytes(event);
        long backoff = initialBackoffMillis;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String problem;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                target.headers().forEach(request::header);
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 300) {
                    return;
                }
                problem = "HTTP " + response.statusCode();
                if (response.statusCode() < 500 && response.statusCode() != 429 && response.statusCode() != 408) {
                    break; // the target rejected the event itself; retrying will not change its mind
                }
            } catch (IOException e) {
                problem = e.toString();
            }
            if (attempt == MAX_ATTEMPTS) {
                LOG.log(Level.WARNING, "webhook '" + target.name() + "' gave up on " + event.operation() + " of "
                        + event.table() + "/" + event.key() + " after " + attempt + " attempts: " + problem);
                return;
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 30_000);
        }
        LOG.log(Level.WARNING, "webhook '" + target.name() + "' rejected " + event.operation() + " of "
                + event.table() + "/" + event.key());
    }
}
