package dev.mikrodb.config;

import dev.mikrodb.ValidationException;

/** A configuration source is malformed, or an option is unknown or has the wrong type. The message names the key. */
public final class ConfigurationException extends ValidationException {
    public ConfigurationException(String message) {
        super(message);
    }
}
