package dev.mikrodb;

import java.util.List;

/** A query's results with the plan that produced them ({@link MikroStore#explain}). */
public record Explained(QueryPlan plan, List<Item> results) {
    public Explained {
        results = List.copyOf(results);
    }
}
