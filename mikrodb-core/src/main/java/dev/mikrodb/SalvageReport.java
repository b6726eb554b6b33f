package dev.mikrodb;

import java.util.List;

/**
 * What {@link MikroDB#salvage} copied and what it left behind, one line per file, and the items the salvaged copy
 * holds once opened.
 */
public record SalvageReport(List<String> kept, List<String> lost, long items) {
    public SalvageReport {
        kept = List.copyOf(kept);
        lost = List.copyOf(lost);
    }
}
