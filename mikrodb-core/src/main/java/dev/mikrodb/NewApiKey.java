package dev.mikrodb;

/** A key just created: its id, and the secret itself, shown this once and stored only as a hash. */
public record NewApiKey(String id, String key, ApiKeyInfo info) {
}
