package dev.mikrodb.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code events} section: {@code targets} with a url become webhooks; those without are the seed's in-process
 * targets, served by listeners registered in code.
 */
final class EventTargetsConfig {
    private EventTargetsConfig() {
    }

    static void bind(JsonNode events, MikroOptions.Builder db) {
        if (!events.isObject()) {
            throw error("events", "an object with targets", events);
        }
        Iterator<String> names = events.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equals("listeners")) {
                throw new ConfigurationException("config key 'events.listeners' holds functions and can only be "
                        + "set in code (MikroOptions.Builder.listener)");
            }
            if (!name.equals("targets")) {
                throw new ConfigurationException("unknown config key 'events." + name + "'; expected targets");
            }
        }
        JsonNode targets = events.get("targets");
        if (targets == null || targets.isNull()) {
            return;
        }
        if (!targets.isArray()) {
            throw error("events.targets", "an array", targets);
        }
        for (int i = 0; i < targets.size(); i++) {
            bindTarget(targets.get(i), "events.targets[" + i + "]", db);
        }
    }

    private static void bindTarget(JsonNode t, String where, MikroOptions.Builder db) {
        if (!t.isObject()) {
            throw error(where, "an object with name, url, headers and events", t);
        }
        String name = t.path("name").asText(where);
        JsonNode url = t.get("url");
        if (url == null || url.isNull()) {
            return; // an in-process target, as in the seed: listeners registered in code receive events
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = t.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw error(where + ".headers", "an object of header names to strings", h);
            }
            h.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        List<String> eventNames = new ArrayList<>();
        JsonNode ev = t.get("events");
        if (ev != null && ev.isArray()) {
            ev.forEach(e -> eventNames.add(e.asText()));
        }
        db.webhook(name, url.asText(), headers, eventNames);
    }

    private static ConfigurationException error(String key, String expected, JsonNode value) {
        return new ConfigurationException("config key '" + key + "' must be " + expected + "; got " + value);
    }
}
