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
 * POSTs each event as JSON to a webhook target, at least once. Runs on its subscription's thread, so retries delay
 * only this target. A target that is down (a connection failure, 408, 429 or 5xx) is retried with backoff, doubling
 * to 30 s, for as long as it takes: meanwhile the subscription reads what it misses from the change feed rather than
 * holding it in memory. A 4xx other than those is the target rejecting that event: logged and skipped. After each
 * event the revision it reached is stored ({@link WebhookPosition}), so a restart resumes where delivery stopped;
 * receivers deduplicate by the event's {@code revision} (and key).
 */
public final class WebhookListener implements ChangeListener {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.events");
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final WebhookTarget target;
    private final HttpClient http;
    private final long initialBackoffMillis;
    private final WebhookPosition position;

    public WebhookListener(WebhookTarget target, long initialBackoffMillis, WebhookPosition position) {
        this.target = target;
        this.initialBackoffMillis = initialBackoffMillis;
        this.position = position;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void onChange(ChangeEvent event) throws InterruptedException {
        byte[] body = ChangeEventCodec.toBytes(event);
        long backoff = initialBackoffMillis;
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                target.headers().forEach(request::header);
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status < 300) {
                    position.delivered(event.revision());
                    return;
                }
                problem = "HTTP " + status;
                if (status < 500 && status != 429 && status != 408) {
                    LOG.log(Level.WARNING, "webhook '" + target.name() + "' rejected " + event.operation() + " of "
                            + event.table() + "/" + event.key() + " (" + problem + "); skipping it");
                    position.delivered(event.revision());
                    return;
                }
            } catch (IOException e) {
                problem = e.toString();
            }
            if (Long.bitCount(attempt) == 1) { // the 1st, 2nd, 4th, 8th... attempt: a long outage cannot flood logs
                LOG.log(Level.WARNING, "webhook '" + target.name() + "' failed " + attempt + " time(s) on revision "
                        + event.revision() + ": " + problem + "; retrying in " + backoff + " ms");
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }
}
