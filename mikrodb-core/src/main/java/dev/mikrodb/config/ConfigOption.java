package dev.mikrodb.config;

import dev.mikrodb.MikroOptions;
import java.util.List;

/**
 * One configuration option, defined once: its key in {@code mikrodb.config.json}, its command-line flag (and
 * aliases), its type and range, its default, the environment variable that sets it, and what it means. The config
 * loader, {@code mikrodb serve}'s flags and its help text are all derived from {@link ConfigOptions#ALL}.
 *
 * @param key the config-file path, such as {@code db.walInterval}
 * @param flag the command-line flag without dashes, such as {@code interval}
 * @param aliases further flag names accepted for it
 * @param kind the value's type
 * @param min the smallest value of an integer option
 * @param max the largest value of an integer option
 * @param defaultValue shown in help; the builders own the actual defaults ({@code MikroOptions.DEFAULT_*},
 *     {@code ServerSettings.DEFAULT_*}); null for none
 * @param env the environment variable that sets it, or null
 * @param label the placeholder in help, such as {@code MS}
 * @param description one sentence for help and docs
 * @param secret whether the value is a secret (prompted for without echo when the flag has no value)
 * @param binder applies a converted value to the builders
 */
public record ConfigOption(String key, String flag, List<String> aliases, Kind kind, long min, long max,
                           Object defaultValue, String env, String label, String description, boolean secret,
                           Binder binder) {
    /** The type of an option's value. */
    public enum Kind { STRING, INTEGER, BOOLEAN, LIST }

    /** Applies a value, already converted to its kind ({@code String}, {@code Long}, {@code Boolean}, list). */
    @FunctionalInterface
    public interface Binder {
        void bind(MikroOptions.Builder db, ServerSettings.Builder server, Object value);
    }

    /** Every flag this option answers to, without dashes. */
    public List<String> flagNames() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(flag), aliases.stream()).toList();
    }
}
