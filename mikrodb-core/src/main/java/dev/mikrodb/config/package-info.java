/**
 * Configuration from defaults, environment, {@code mikrodb.config.json}, code and command-line flags
 * ({@link dev.mikrodb.config.ConfigLoader}). Stateless and thread-safe; every problem is a
 * {@link dev.mikrodb.config.ConfigurationException} naming the key and where it came from.
 */
package dev.mikrodb.config;
