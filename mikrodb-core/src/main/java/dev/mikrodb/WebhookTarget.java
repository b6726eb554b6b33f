package dev.mikrodb;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Where to POST change events as JSON: asynchronous, through a bounded queue, retried with exponential backoff.
 *
 * @param name a label for logs
 * @param url http or https address
 * @param headers sent with every request (for example an authorization header)
 * @param events event names to send; empty means all
 */
public record WebhookTarget(String name, URI url, Map<String, String> headers, List<String> events) {
    public WebhookTarget {
        if (url == null || url.getScheme() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new ValidationException("webhook target '" + name + "' needs an http or https url; got " + url);
        }
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        events = List.copyOf(events == null ? List.of() : events);
        for (String e : events) {
            if (!ChangeEvent.ALL.contains(e)) {
                throw new ValidationException("webhook target '" + name + "' names unknown event '" + e
                        + "'; known events: " + ChangeEvent.ALL);
            }
        }
    }
}
