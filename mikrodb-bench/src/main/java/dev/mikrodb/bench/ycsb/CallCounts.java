package dev.mikrodb.bench.ycsb;

import java.util.ArrayList;
import java.util.List;
import site.ycsb.measurements.Measurements;
import site.ycsb.measurements.exporter.MeasurementsExporter;

/**
 * What YCSB counted of a run's calls: the inserts, and the calls that did not answer OK, read from its count of return
 * codes (the {@code Return=...} lines {@code bin/ycsb}'s failed-ops column also reads). YCSB's workload goes on past a
 * failed call, so without this a warm-up against a broken engine would pass; that check found SQLite's adapter
 * answering with other threads' keys.
 */
final class CallCounts implements MeasurementsExporter {
    private final List<String> failures = new ArrayList<>();
    private long inserts;

    /** Reads {@code measurements}' counts. */
    static CallCounts in(Measurements measurements) throws Exception {
        try (CallCounts calls = new CallCounts()) {
            measurements.exportMeasurements(calls);
            return calls;
        }
    }

    /** One line per operation and return code other than OK, such as {@code READ Return=NOT_FOUND 3}. */
    List<String> failures() {
        return failures;
    }

    /** How many inserts were made. */
    long inserts() {
        return inserts;
    }

    @Override
    public void write(String metric, String measurement, int value) {
        write(metric, measurement, (long) value);
    }

    @Override
    public void write(String metric, String measurement, long value) {
        if (metric.equals("INSERT") && measurement.equals("Operations")) {
            inserts = value;
        }
        if (measurement.startsWith("Return=") && !measurement.equals("Return=OK") && value > 0) {
            failures.add(metric + " " + measurement + " " + value);
        }
    }

    @Override
    public void write(String metric, String measurement, double value) {
        write(metric, measurement, (long) value);
    }

    @Override
    public void close() {
    }
}
