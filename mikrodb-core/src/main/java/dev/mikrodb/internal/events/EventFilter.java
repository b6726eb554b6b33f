package dev.mikrodb.internal.events;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.SubscribeOptions;
import java.util.Set;

/**
 * Which events one subscription receives, and in what shape: one table (or all), some event names (or all), a key
 * prefix, with or without previous items. The same test applies to live and to replayed events.
 */
record EventFilter(String table, Set<String> events, SubscribeOptions options) {
    EventFilter {
        events = Set.copyOf(events);
    }

    boolean matches(ChangeEvent e) {
        return (table == null || table.equals(e.table()))
                && (events.isEmpty() || events.contains(e.operation()))
                && options.matchesKey(e.key());
    }

    /** The event as this subscriber receives it: without the previous item unless it asked for it. */
    ChangeEvent shape(ChangeEvent e) {
        if (options.includePrevious() || e.previous() == null) {
            return e;
        }
        return new ChangeEvent(e.operation(), e.table(), e.key(), e.record(), e.version(), e.timestamp(),
                e.revision());
    }
}
