package dev.mikrodb.config;

import dev.mikrodb.MikroOptions;

/** The resolved configuration: database options and server settings. */
public record MikroConfig(MikroOptions db, ServerSettings server) {
}
