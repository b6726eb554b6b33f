package dev.mikrodb.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mikrodb.Durability;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves configuration from, lowest to highest precedence: defaults, environment ({@code PORT}, {@code HOST},
 * {@code DEBUG}, {@code MIKRODB_API_KEY}, {@code MIKRODB_ENCRYPTION_KEY}), {@code mikrodb.config.json}, programmatic
 * options, command-line flags. Each source becomes a JSON tree shaped like the config file; the trees are merged and
 * then checked against one schema, so every source gets the same validation and every error names the key and the
 * source it came from.
 */
public final class ConfigLoader {
    public static final String DEFAULT_FILE = "mikrodb.config.json";

    /** Command-line flags of the seed's table (plus ours) and the config keys they set. */
    static final Map<String, List<String>> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("db", List.of("db.dbName"));
        FLAGS.put("dir", List.of("db.databaseDirectory"));
        FLAGS.put("wal", List.of("db.walFileName"));
        FLAGS.put("interval", List.of("db.walInterval"));
        FLAGS.put("encryptionKey", List.of("db.encryptionKey"));
        FLAGS.put("maxWrites", List.of("db.maxWriteOpsBeforeFlush"));
        FLAGS.put("durability", List.of("db.durability"));
        FLAGS.put("debug", List.of("db.debug", "server.debug"));
        FLAGS.put("port", List.of("server.port"));
        FLAGS.put("host", List.of("server.host"));
        FLAGS.put("https", List.of("server.useHttps"));
        FLAGS.put("http2", List.of("server.useHttp2"));
        FLAGS.put("cert", List.of("server.sslCert"));
        FLAGS.put("key", List.of("server.sslKey"));
        FLAGS.put("ca", List.of("server.sslCa"));
        FLAGS.put("ratelimit", List.of("server.rateLimit.enabled"));
        FLAGS.put("rps", List.of("server.rateLimit.requestsPerMinute"));
        FLAGS.put("allowed", List.of("server.allowedDomains"));
        FLAGS.put("apiKey", List.of("server.apiKey"));
        FLAGS.put("insecure", List.of("server.insecure"));
    }

    private static final List<String> BOOLEAN_FLAGS = List.of("debug", "https", "http2", "ratelimit", "insecure");

    private enum Type { STRING, INT, LONG, BOOLEAN, STRING_LIST }

    private static final Map<String, Type> SCHEMA = new LinkedHashMap<>();

    static {
        SCHEMA.put("db.dbName", Type.STRING);
        SCHEMA.put("db.databaseDirectory", Type.STRING);
        SCHEMA.put("db.walFileName", Type.STRING);
        SCHEMA.put("db.walInterval", Type.LONG);
        SCHEMA.put("db.encryptionKey", Type.STRING);
        SCHEMA.put("db.maxWriteOpsBeforeFlush", Type.INT);
        SCHEMA.put("db.debug", Type.BOOLEAN);
        SCHEMA.put("db.durability", Type.STRING);
        SCHEMA.put("db.maxLoadedTables", Type.INT);
        SCHEMA.put("db.maxCacheBytes", Type.LONG);
        SCHEMA.put("db.maxWalBytes", Type.LONG);
        SCHEMA.put("server.port", Type.INT);
        SCHEMA.put("server.host", Type.STRING);
        SCHEMA.put("server.useHttps", Type.BOOLEAN);
        SCHEMA.put("server.useHttp2", Type.BOOLEAN);
        SCHEMA.put("server.sslCert", Type.STRING);
        SCHEMA.put("server.sslKey", Type.STRING);
        SCHEMA.put("server.sslCa", Type.STRING);
        SCHEMA.put("server.rateLimit.enabled", Type.BOOLEAN);
        SCHEMA.put("server.rateLimit.requestsPerMinute", Type.INT);
        SCHEMA.put("server.allowedDomains", Type.STRING_LIST);
        SCHEMA.put("server.debug", Type.BOOLEAN);
        SCHEMA.put("server.apiKey", Type.STRING);
        SCHEMA.put("server.insecure", Type.BOOLEAN);
        SCHEMA.put("server.maxBodyBytes", Type.LONG);
    }

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
        loader.merge(defaults(), "defaults");
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
            } else if (!BOOLEAN_FLAGS.contains(name) && i + 1 < args.length) {
                value = args[++i];
            }
            if (!FLAGS.containsKey(name)) {
                throw new ConfigurationException("unknown option --" + name + "; known options: --"
                        + String.join(", --", FLAGS.keySet()));
            }
            if (value == null && !BOOLEAN_FLAGS.contains(name)) {
                throw new ConfigurationException("option --" + name + " needs a value");
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

    private static ObjectNode defaults() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode server = root.putObject("server");
        server.put("port", 3000);
        server.put("host", "127.0.0.1");
        server.put("maxBodyBytes", 4L << 20);
        server.putObject("rateLimit").put("enabled", false).put("requestsPerMinute", 100);
        server.putArray("allowedDomains").add("*");
        return root;
    }

    private static ObjectNode fromEnvironment(Map<String, String> env) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        putIfSet(root, "server.port", env.get("PORT"));
        putIfSet(root, "server.host", env.get("HOST"));
        putIfSet(root, "db.debug", env.get("DEBUG"));
        putIfSet(root, "server.debug", env.get("DEBUG"));
        putIfSet(root, "server.apiKey", env.get("MIKRODB_API_KEY"));
        putIfSet(root, "db.encryptionKey", env.get("MIKRODB_ENCRYPTION_KEY"));
        return root;
    }

    private static ObjectNode fromFlags(Map<String, String> flags) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (flags == null) {
            return root;
        }
        flags.forEach((name, value) -> {
            List<String> keys = FLAGS.get(name);
            if (keys == null) {
                throw new ConfigurationException("unknown option --" + name);
            }
            for (String key : keys) {
                put(root, key, value == null ? "true" : value);
            }
        });
        return root;
    }

    private static void putIfSet(ObjectNode root, String path, String value) {
        if (value != null && !value.isEmpty()) {
            put(root, path, value);
        }
    }

    /** Puts a string; binding converts it to the schema's type, so env and flags share the file's validation. */
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
            throw new ConfigurationException("config file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
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
            boolean section = path.equals("db") || path.equals("server") || path.equals("server.rateLimit");
            if (section) {
                if (!value.isObject()) {
                    throw new ConfigurationException("config key '" + path + "' must be an object (from "
                            + sourceName + ")");
                }
                ObjectNode child = target.has(f.getKey()) ? (ObjectNode) target.get(f.getKey())
                        : target.putObject(f.getKey());
                mergeInto(child, (ObjectNode) value, path + ".", sourceName);
            } else if (path.equals("events")) {
                target.set("events", value);
                origin.put(path, sourceName);
            } else if (SCHEMA.containsKey(path)) {
                target.set(f.getKey(), value);
                origin.put(path, sourceName);
            } else {
                throw new ConfigurationException("unknown config key '" + path + "' (from " + sourceName
                        + "); known keys: " + String.join(", ", SCHEMA.keySet()) + ", events");
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

    private ConfigurationException typeError(String path, String expected, JsonNode value) {
        return new ConfigurationException("config key '" + path + "' must be " + expected + "; got " + value
                + " (from " + origin.getOrDefault(path, "defaults") + ")");
    }

    private String string(String path) {
        JsonNode v = at(path);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw typeError(path, "a string", v);
        }
        return v.textValue();
    }

    private Long number(String path, long min, long max) {
        JsonNode v = at(path);
        if (v == null) {
            return null;
        }
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.longValue();
        } else if (v.isTextual() && v.textValue().trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(v.textValue().trim());
        } else {
            throw typeError(path, "an integer from " + min + " to " + max, v);
        }
        if (n < min || n > max) {
            throw typeError(path, "an integer from " + min + " to " + max, v);
        }
        return n;
    }

    private boolean bool(String path) {
        JsonNode v = at(path);
        if (v == null) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            switch (v.textValue().trim().toLowerCase(java.util.Locale.ROOT)) {
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
        throw typeError(path, "true or false", v);
    }

    private List<String> stringList(String path) {
        JsonNode v = at(path);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isTextual()) {
            for (String s : v.textValue().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
        if (!v.isArray()) {
            throw typeError(path, "an array of strings or a comma-separated string", v);
        }
        for (JsonNode e : (ArrayNode) v) {
            if (!e.isTextual()) {
                throw typeError(path, "an array of strings", v);
            }
            out.add(e.textValue());
        }
        return out;
    }

    private MikroConfig bind() {
        MikroOptions.Builder db = MikroOptions.builder();
        try {
            ifSet(string("db.databaseDirectory"), db::databaseDirectory);
            ifSet(string("db.dbName"), db::dbName);
            ifSet(string("db.walFileName"), db::walFileName);
            ifSet(number("db.walInterval", 1, Long.MAX_VALUE), db::walIntervalMillis);
            ifSet(string("db.encryptionKey"), db::encryptionKey);
            ifSet(number("db.maxWriteOpsBeforeFlush", 1, Integer.MAX_VALUE), n -> db.maxWriteOpsBeforeFlush(n.intValue()));
            ifSet(string("db.durability"), s -> db.durability(Durability.parse(s)));
            ifSet(number("db.maxLoadedTables", 1, Integer.MAX_VALUE), n -> db.maxLoadedTables(n.intValue()));
            ifSet(number("db.maxCacheBytes", 1, Long.MAX_VALUE), db::maxCacheBytes);
            ifSet(number("db.maxWalBytes", 1024, Long.MAX_VALUE), db::maxWalBytes);
            db.debug(bool("db.debug"));
            bindEvents(db);
        } catch (ConfigurationException e) {
            throw e;
        } catch (ValidationException e) {
            throw new ConfigurationException("invalid database configuration: " + e.getMessage());
        }
        ServerSettings server = new ServerSettings(
                number("server.port", 0, 65535).intValue(),
                string("server.host"),
                bool("server.useHttps"),
                bool("server.useHttp2"),
                string("server.sslCert"),
                string("server.sslKey"),
                string("server.sslCa"),
                bool("server.rateLimit.enabled"),
                number("server.rateLimit.requestsPerMinute", 1, Integer.MAX_VALUE).intValue(),
                stringList("server.allowedDomains"),
                bool("server.debug"),
                string("server.apiKey"),
                bool("server.insecure"),
                number("server.maxBodyBytes", 1024, Integer.MAX_VALUE));
        return new MikroConfig(db.build(), server);
    }

    /** {@code events.targets}: each with a url becomes a webhook; those without are the seed's internal targets. */
    private void bindEvents(MikroOptions.Builder db) {
        JsonNode events = at("events");
        if (events == null) {
            return;
        }
        if (!events.isObject()) {
            throw typeError("events", "an object with targets", events);
        }
        Iterator<String> names = events.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equals("listeners")) {
                throw new ConfigurationException("config key 'events.listeners' holds functions and can only be "
                        + "set in code (MikroOptions.Builder.listener)");
            }
            if (!name.equals("targets")) {
                throw new ConfigurationException("unknown config key 'events." + name + "'; expected targets");
            }
        }
        JsonNode targets = events.get("targets");
        if (targets == null || targets.isNull()) {
            return;
        }
        if (!targets.isArray()) {
            throw typeError("events.targets", "an array", targets);
        }
        for (int i = 0; i < targets.size(); i++) {
            JsonNode t = targets.get(i);
            String where = "events.targets[" + i + "]";
            if (!t.isObject()) {
                throw typeError(where, "an object with name, url, headers and events", t);
            }
            String name = t.path("name").asText(where);
            JsonNode url = t.get("url");
            if (url == null || url.isNull()) {
                continue; // an in-process target, as in the seed: listeners registered in code receive events
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode h = t.get("headers");
            if (h != null && !h.isNull()) {
                if (!h.isObject()) {
                    throw typeError(where + ".headers", "an object of header names to strings", h);
                }
                h.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            }
            List<String> eventNames = new ArrayList<>();
            JsonNode ev = t.get("events");
            if (ev != null && ev.isArray()) {
                ev.forEach(e -> eventNames.add(e.asText()));
            }
            db.webhook(name, url.asText(), headers, eventNames);
        }
    }

    private static <T> void ifSet(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
