package dev.mikrodb.internal.engine;

import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks write requests and turns them into {@link PendingWrite}s, outside any lock. Invalid input throws
 * {@link ValidationException} naming the write (in a batch, its index) and nothing has been touched.
 */
final class WriteValidator {
    /** The largest value accepted, as UTF-8 JSON. */
    static final int MAX_VALUE_BYTES = 16 << 20;

    private WriteValidator() {
    }

    static List<PendingWrite> validate(List<WriteRequest> requests, long now) {
        if (requests == null || requests.isEmpty()) {
            throw new ValidationException("a write batch must contain at least one write");
        }
        List<PendingWrite> pending = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                pending.add(validate(requests.get(i), now));
            } catch (ValidationException e) { // the batch position is named only when there is a batch
                throw requests.size() == 1 ? e
                        : new ValidationException("write " + i + " of the batch: " + e.getMessage());
            }
        }
        return pending;
    }

    static boolean anyFlushImmediately(List<WriteRequest> requests) {
        for (WriteRequest r : requests) {
            if (r.flushImmediately()) {
                return true;
            }
        }
        return false;
    }

    private static PendingWrite validate(WriteRequest r, long now) {
        if (r == null) {
            throw new ValidationException("write request is missing");
        }
        Names.checkStoredTableName(r.tableName());
        Names.checkKey(r.key());
        checkExpectedVersion(r.expectedVersion());
        long expiration = expiration(r, now);
        byte[] json = Json.toValueBytes(r.value());
        if (json.length > MAX_VALUE_BYTES) {
            throw new ValidationException("value of '" + r.key() + "' is " + json.length
                    + " bytes as JSON; the limit is " + MAX_VALUE_BYTES);
        }
        return new PendingWrite(r.tableName(), r.key(), json, r.expectedVersion(), expiration);
    }

    static void checkExpectedVersion(Long expectedVersion) {
        if (expectedVersion != null && expectedVersion < 0) {
            throw new ValidationException("expectedVersion must be 0 or more; got " + expectedVersion);
        }
    }

    private static long expiration(WriteRequest r, long now) {
        if (r.expiration() != null && r.ttl() != null) {
            throw new ValidationException("give expiration or ttl, not both");
        }
        if (r.expiration() != null) {
            if (r.expiration() <= now) {
                throw new ValidationException("expiration " + r.expiration() + " is not in the future (now is "
                        + now + ")");
            }
            return r.expiration();
        }
        if (r.ttl() != null) {
            if (r.ttl().isNegative() || r.ttl().isZero()) {
                throw new ValidationException("ttl must be positive; got " + r.ttl());
            }
            return now + r.ttl().toMillis();
        }
        return 0;
    }
}
