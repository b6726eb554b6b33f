package dev.mikrodb.bench.ycsb;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import site.ycsb.WorkloadException;
import site.ycsb.workloads.CoreWorkload;

/**
 * Names the records a CoreWorkload's first inserts of a run wrote: numbers from the loaded record count up, named as
 * the workload names keys. A subclass only to reach that naming, which CoreWorkload keeps protected; it never runs
 * operations, so the workload that does stays the run's own class and its compiled code the run's.
 */
final class InsertedKeys extends CoreWorkload {
    private InsertedKeys() {
    }

    /** The keys of the first {@code inserts} records inserted by a run of the workload {@code p} describes. */
    static List<String> of(Properties p, long inserts) throws WorkloadException {
        InsertedKeys names = new InsertedKeys();
        names.init(p);
        List<String> keys = new ArrayList<>();
        for (long n = 0; n < inserts; n++) {
            keys.add(names.buildKeyName(names.recordcount + n));
        }
        return keys;
    }
}
