package dev.mikrodb;

import java.time.Duration;
import java.util.Objects;

/**
 * One write: put {@code value} under {@code key} in {@code tableName}.
 *
 * <p>{@code value} is anything Jackson can map to JSON: a {@code JsonNode}, a record, a map, a string, a number or
 * {@code null} (stored as JSON null). Use {@link Builder#jsonValue(String)} to store JSON text as parsed JSON, and
 * {@link RawJson} for JSON held as UTF-8 bytes (checked, and stored without building a tree when it is compact).
 *
 * @param expectedVersion when set, the write happens only if the item's current version equals it (0 = must not
 *     exist); otherwise {@link VersionConflictException}
 * @param expiration absolute epoch milliseconds after which the item is gone, or null
 * @param ttl time to live from the moment of the write, or null; at most one of expiration and ttl
 * @param flushImmediately fsync the write-ahead log before returning, whatever the durability mode
 */
public record WriteRequest(String tableName, String key, Object value, Long expectedVersion, Long expiration,
                           Duration ttl, boolean flushImmediately) {

    public static WriteRequest of(String tableName, String key, Object value) {
        return new WriteRequest(tableName, key, value, null, null, null, false);
    }

    public static Builder builder(String tableName, String key) {
        return new Builder(tableName, key);
    }

    /** Builder for the optional parts of a write. */
    public static final class Builder {
        private final String tableName;
        private final String key;
        private Object value;
        private boolean valueSet;
        private Long expectedVersion;
        private Long expiration;
        private Duration ttl;
        private boolean flushImmediately;

        private Builder(String tableName, String key) {
            this.tableName = tableName;
            this.key = key;
        }

        public Builder value(Object value) {
            this.value = value;
            this.valueSet = true;
            return this;
        }

        /** Parses {@code json} and stores the parsed value; invalid JSON is a {@link ValidationException}. */
        public Builder jsonValue(String json) {
            Objects.requireNonNull(json, "json");
            return value(dev.mikrodb.internal.json.Json.parseUserJson(json, "value"));
        }

        public Builder expectedVersion(long expectedVersion) {
            this.expectedVersion = expectedVersion;
            return this;
        }

        public Builder expiration(long epochMillis) {
            this.expiration = epochMillis;
            return this;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder flushImmediately(boolean flushImmediately) {
            this.flushImmediately = flushImmediately;
            return this;
        }

        public WriteRequest build() {
            if (!valueSet) {
                throw new ValidationException("write of '" + key + "' has no value; use value(null) to store JSON null");
            }
            return new WriteRequest(tableName, key, value, expectedVersion, expiration, ttl, flushImmediately);
        }
    }
}
