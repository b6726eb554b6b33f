package dev.mikrodb.internal.storage;

import java.util.List;

/**
 * The operations of one WAL record: one atomic commit, all with one revision and one commit time.
 *
 * @param revision the database-wide revision assigned to this commit
 * @param timestamp when it committed, epoch milliseconds
 */
public record WalBatch(long revision, long timestamp, List<WalOp> ops) {
}
