package dev.mikrodb.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The operations every engine under test performs, each in the way a user of that engine would write it. Values are
 * the same ~200-byte JSON documents for all ({@link Dataset}).
 */
interface Engine extends AutoCloseable {
    /**
     * @param sync true: fsync before a write returns; false: a write reaches the OS before it returns (survives a
     *     killed process, not a power cut). Peers are configured to the same guarantee; see each class.
     */
    void open(Path dir, boolean sync) throws Exception;

    /** Writes one value; {@code json} and {@code tree} are the same value, each engine takes the form its users have. */
    void put(String key, byte[] json, com.fasterxml.jackson.databind.JsonNode tree) throws Exception;

    /** The value as the engine hands it out (bytes, a string, an item); null when absent. */
    Object get(String key) throws Exception;

    /** Writes all pairs atomically. */
    void putBatch(List<String> keys, List<byte[]> values, List<com.fasterxml.jackson.databind.JsonNode> trees) throws Exception;

    void delete(String key) throws Exception;

    /** Values with {@code age >= 40} and {@code active == true}; returns them (as the engine hands them out). */
    List<?> filter() throws Exception;

    /** {@link #filter()} sorted by age, oldest first. */
    List<?> filterSorted() throws Exception;

    /**
     * Up to {@code count} values whose keys are {@code >= startKey}, in key order (YCSB's scan). Values must carry
     * their key in a {@code "_key"} field for engines that can only filter values.
     */
    List<?> scan(String startKey, int count) throws Exception;

    /** Makes everything written durable in the engine's main files (checkpoint / memtable flush). */
    void checkpoint() throws Exception;

    /** The engine's name in reports, with its durability setting. */
    String describe(boolean sync);

    static Engine create(String name) {
        return switch (name) {
            case "mikrodb" -> new MikroDBEngine();
            case "h2mvstore" -> new MvStoreEngine();
            case "sqlite" -> new SqliteEngine();
            case "rocksdb" -> new RocksDbEngine();
            case "mikrodb-remote" -> new RemoteMikroDBEngine();
            default -> throw new IllegalArgumentException("unknown engine " + name);
        };
    }
}
