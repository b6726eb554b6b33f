package dev.mikrodb.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts a configured value to its option's kind. Environment variables and flags arrive as strings, so strings
 * are accepted wherever they read unambiguously ("8080", "true", "a,b"); every error names the key and the source.
 */
final class ConfigValues {
    private ConfigValues() {
    }

    static Object convert(ConfigOption o, JsonNode v, String source) {
        return switch (o.kind()) {
            case STRING -> string(o, v, source);
            case INTEGER -> integer(o, v, source);
            case BOOLEAN -> bool(o, v, source);
            case LIST -> list(o, v, source);
        };
    }

    private static ConfigurationException typeError(ConfigOption o, String expected, JsonNode value, String source) {
        return new ConfigurationException("config key '" + o.key() + "' must be " + expected + "; got " + value
                + " (from " + source + ")");
    }

    private static String string(ConfigOption o, JsonNode v, String source) {
        if (!v.isTextual()) {
            throw typeError(o, "a string", v, source);
        }
        return v.textValue();
    }

    private static Long integer(ConfigOption o, JsonNode v, String source) {
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.longValue();
        } else if (v.isTextual() && v.textValue().trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(v.textValue().trim());
        } else {
            throw typeError(o, "an integer from " + o.min() + " to " + o.max(), v, source);
        }
        if (n < o.min() || n > o.max()) {
            throw typeError(o, "an integer from " + o.min() + " to " + o.max(), v, source);
        }
        return n;
    }

    private static Boolean bool(ConfigOption o, JsonNode v, String source) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            switch (v.textValue().trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> {
                    return true;
                }
                case "false", "0", "no", "off", "" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw typeError(o, "true or false", v, source);
    }

    private static List<String> list(ConfigOption o, JsonNode v, String source) {
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            for (String s : v.textValue().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
        if (!v.isArray()) {
            throw typeError(o, "an array of strings or a comma-separated string", v, source);
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw typeError(o, "an array of strings", v, source);
            }
            out.add(e.textValue());
        }
        return out;
    }
}
