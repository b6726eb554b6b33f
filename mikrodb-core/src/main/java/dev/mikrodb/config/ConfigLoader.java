package dev.mikrodb.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves configuration from, lowest to highest precedence: defaults, environment, {@code mikrodb.config.json},
 * programmatic options, command-line flags. Each source becomes a JSON tree shaped like the config file; the trees
 * are merged and then checked against {@link ConfigOptions}, so every source gets the same validation and every error
 * names the key and the source it came from. Defaults are the builders' ({@code MikroOptions}, {@code ServerSettings}).
 */
public final class ConfigLoader {
    public static final String DEFAULT_FILE = "mikrodb.config.json";
    private static final Set<String> SECTIONS = Set.of("db", "server", "server.rateLimit", "backup", "backup.s3");

    private final ObjectNode merged = JsonNodeFactory.instance.objectNode();
    private final Map<String, String> origin = new HashMap<>();

    private ConfigLoader() {
    }

    /**
     * Resolves the configuration.
     *
     * @param env the environment (usually {@code System.getenv()})
     * @param configFile the config file; when null, {@code mikrodb.config.json} in the working directory if present
     * @param programmatic options set in code, shaped like the config file; may be null
     * @param flags command-line flags, name to value (booleans may have value null); may be empty
     */
    public static MikroConfig load(Map<String, String> env, Path configFile, JsonNode programmatic,
                                   Map<String, String> flags) {
        ConfigLoader loader = new ConfigLoader();
        loader.merge(fromEnvironment(env), "environment");
        Path file = configFile != null ? configFile : Path.of(DEFAULT_FILE);
        if (configFile != null || Files.exists(file)) {
            loader.merge(readFile(file), file.toString());
        }
        if (programmatic != null) {
            if (!programmatic.isObject()) {
                throw new ConfigurationException("programmatic configuration must be a JSON object");
            }
            loader.merge((ObjectNode) programmatic, "programmatic options");
        }
        loader.merge(fromFlags(flags), "command line");
        return loader.bind();
    }

    /** Parses {@code --name value}, {@code --name=value} and bare boolean flags into a name-to-value map. */
    public static Map<String, String> parseArgs(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigurationException("unexpected argument '" + arg + "'; options look like --port 3000");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            List<ConfigOption> options = ConfigOptions.byFlag(name);
            if (options.isEmpty()) {
                throw new ConfigurationException("unknown option --" + name + "; known options: --"
                        + String.join(", --", ConfigOptions.distinctFlags().stream().map(ConfigOption::flag).toList()));
            }
            boolean isBoolean = options.get(0).kind() == ConfigOption.Kind.BOOLEAN;
            if (value == null && !isBoolean) {
                if (i + 1 >= args.length) {
                    throw new ConfigurationException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            flags.put(name, value);
        }
        return flags;
    }

    /** {@link #parseArgs}, printing the error and returning null instead of throwing: for {@code main} methods. */
    public static Map<String, String> parseArgsSafely(String[] args, java.io.PrintStream err) {
        try {
            return parseArgs(args);
        } catch (ConfigurationException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
    }

    private static ObjectNode fromEnvironment(Map<String, String> env) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (ConfigOption o : ConfigOptions.ALL) {
            String value = o.env() == null ? null : env.get(o.env());
            if (value != null && !value.isEmpty()) {
                put(root, o.key(), value);
            }
        }
        return root;
    }

    private static ObjectNode fromFlags(Map<String, String> flags) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (flags != null) {
            flags.forEach((name, value) -> {
                List<ConfigOption> options = ConfigOptions.byFlag(name);
                if (options.isEmpty()) {
                    throw new ConfigurationException("unknown option --" + name);
                }
                for (ConfigOption o : options) {
                    put(root, o.key(), value == null ? "true" : value);
                }
            });
        }
        return root;
    }

    /** Puts a string; binding converts it to the option's kind, so env and flags share the file's validation. */
    private static void put(ObjectNode root, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], TextNode.valueOf(value));
    }

    private static ObjectNode readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read config file " + file + ": " + e.getMessage());
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("config file " + file + " is not valid JSON: " + Json.describe(e));
        }
        if (node == null || !node.isObject()) {
            throw new ConfigurationException("config file " + file + " must hold a JSON object");
        }
        return (ObjectNode) node;
    }

    private void merge(ObjectNode source, String sourceName) {
        mergeInto(merged, source, "", sourceName);
    }

    private void mergeInto(ObjectNode target, ObjectNode source, String prefix, String sourceName) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String path = prefix + f.getKey();
            JsonNode value = f.getValue();
            if (SECTIONS.contains(path)) {
                if (!value.isObject()) {
                    throw new ConfigurationException("config key '" + path + "' must be an object (from "
                            + sourceName + ")");
                }
                ObjectNode child = target.has(f.getKey()) ? (ObjectNode) target.get(f.getKey())
                        : target.putObject(f.getKey());
                mergeInto(child, (ObjectNode) value, path + ".", sourceName);
            } else if (path.equals("events") || ConfigOptions.byKey(path).isPresent()) {
                target.set(f.getKey(), value);
                origin.put(path, sourceName);
            } else {
                throw new ConfigurationException("unknown config key '" + path + "' (from " + sourceName
                        + "); known keys: " + String.join(", ", ConfigOptions.ALL.stream().map(ConfigOption::key)
                        .toList()) + ", events");
            }
        }
    }

    private JsonNode at(String path) {
        JsonNode node = merged;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || node.isNull() ? null : node;
    }

    private MikroConfig bind() {
        MikroOptions.Builder db = MikroOptions.builder();
        ServerSettings.Builder server = ServerSettings.builder();
        for (ConfigOption o : ConfigOptions.ALL) {
            JsonNode v = at(o.key());
            if (v == null) {
                continue;
            }
            String from = origin.getOrDefault(o.key(), "defaults");
            Object value = ConfigValues.convert(o, v, from);
            try {
                o.binder().bind(db, server, value);
            } catch (ConfigurationException e) {
                throw e;
            } catch (ValidationException e) {
                throw new ConfigurationException("config key '" + o.key() + "' (from " + from + "): "
                        + e.getMessage());
            }
        }
        JsonNode events = at("events");
        if (events != null) {
            try {
                EventTargetsConfig.bind(events, db);
            } catch (ConfigurationException e) {
                throw e;
            } catch (ValidationException e) {
                throw new ConfigurationException("config key 'events': " + e.getMessage());
            }
        }
        return new MikroConfig(db.build(), server.build());
    }
}
