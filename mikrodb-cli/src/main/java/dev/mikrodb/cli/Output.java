package dev.mikrodb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Item;
import dev.mikrodb.wire.ItemCodec;
import dev.mikrodb.wire.WireJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the CLI prints. On a terminal: indented, coloured JSON and readable metadata. Otherwise (pipes,
 * scripts): one line of plain JSON per result, so output can be parsed.
 */
public final class Output {
    private static final String RESET = "\u001b[0m";
    private static final String KEY = "\u001b[36m";
    private static final String STRING = "\u001b[32m";
    private static final String NUMBER = "\u001b[33m";
    private static final String LITERAL = "\u001b[35m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean pretty;
    private final boolean color;

    private String context;
    private Pager pager;
    /** Time spent waiting for a key at the pager, so that command timings leave it out. */
    private long pagerWaitNanos;

    public Output(PrintWriter out, PrintWriter err, boolean pretty, boolean color) {
        this.out = out;
        this.err = err;
        this.pretty = pretty;
        this.color = color;
    }

    public PrintWriter out() {
        return out;
    }

    /** Nanoseconds spent so far waiting for the reader at the pager. */
    public long pagerWaitNanos() {
        return pagerWaitNanos;
    }

    /** Long results stop at each screenful and wait for a key (the interactive shell on a terminal). */
    public void pageWith(Pager pager) {
        this.pager = pager;
    }

    public boolean pretty() {
        return pretty;
    }

    public void error(String message) {
        String where = context == null ? "" : context + ": ";
        err.println(color ? RED + "error: " + RESET + where + message : "error: " + where + message);
        err.flush();
    }

    /** Where errors come from ({@code line 8} of a script), or null; prefixed to each error until changed. */
    public void context(String where) {
        this.context = where;
    }

    public void stackTrace(Throwable e) {
        e.printStackTrace(err);
        err.flush();
    }

    /** A message a person must see even when a script runs the command (on standard error, so results stay clean). */
    public void notice(String message) {
        err.println(message);
        err.flush();
    }

    /** A progress line on a terminal, rewritten in place (null clears it); never when piped. */
    public void progress(String line) {
        if (!pretty) {
            return;
        }
        err.print("\r\033[K" + (line == null ? "" : line));
        err.flush();
    }

    /** A human message; in plain mode nothing, since scripts want results only. */
    public void info(String message) {
        if (pretty) {
            out.println(color ? DIM + message + RESET : message);
            out.flush();
        }
    }

    public void json(JsonNode node) {
        out.println(pretty ? render(node, 0) : WireJson.toString(node));
        out.flush();
    }

    /** Documents, one after the other with a count on a terminal (a screenful at a time); a JSON array otherwise. */
    public void documents(List<JsonNode> docs) {
        if (!pretty) {
            json(WireJson.mapper().valueToTree(docs));
            return;
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode doc : docs) {
            lines.addAll(List.of(render(doc, 0).split("\n", -1)));
        }
        lines.add(dim(docs.size() + (docs.size() == 1 ? " document" : " documents")));
        paged(lines);
        out.flush();
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** An item: its value, and its key and version (plus timestamps on a terminal). */
    public void item(Item item) {
        if (pretty) {
            out.println(render(item.value(), 0));
            out.println(dim("# " + item.key() + "  version " + item.version() + "  written "
                    + Instant.ofEpochMilli(item.timestamp()) + (item.hasExpiration() ? "  expires "
                    + Instant.ofEpochMilli(item.expiration()) : "")));
        } else {
            out.println(new String(ItemCodec.toBytes(item), java.nio.charset.StandardCharsets.UTF_8));
        }
        out.flush();
    }

    public void items(List<Item> items, boolean asTable) {
        if (pretty) {
            List<String> lines = new ArrayList<>();
            if (asTable) {
                table(items, lines);
            } else {
                for (Item item : items) {
                    lines.add(dim(item.key() + "  (version " + item.version() + ")"));
                    lines.addAll(List.of(render(item.value(), 0).split("\n", -1)));
                }
            }
            lines.add(dim(items.size() + (items.size() == 1 ? " item" : " items")));
            paged(lines);
        } else if (asTable) {
            List<String> lines = new ArrayList<>();
            table(items, lines);
            lines.forEach(out::println);
        } else {
            out.println(new String(ItemCodec.toBytes(items, true, false), java.nio.charset.StandardCharsets.UTF_8));
        }
        out.flush();
    }

    /** Prints {@code lines}, a screenful at a time when there is a pager, until they end or the reader stops. */
    private void paged(List<String> lines) {
        int page = pager == null ? 0 : pager.rows() - 1;
        if (page <= 0 || lines.size() <= page) {
            lines.forEach(out::println);
            return;
        }
        int shown = 0;
        while (shown < lines.size()) {
            int end = Math.min(lines.size(), shown + page);
            for (int i = shown; i < end; i++) {
                out.println(lines.get(i));
            }
            shown = end;
            out.flush();
            if (shown < lines.size()) {
                long waitStarted = System.nanoTime();
                boolean more = pager.next(dim("-- " + shown + " of " + lines.size()
                        + " lines; Enter for more, q to stop --"));
                pagerWaitNanos += System.nanoTime() - waitStarted;
                if (!more) {
                    out.println(dim("(" + (lines.size() - shown) + " more lines not shown)"));
                    return;
                }
            }
        }
    }

    /**
     * Items as a text table: key, version, then the top-level fields of the values in name order, so the columns
     * stay put from one page to the next whatever the first row holds.
     */
    private void table(List<Item> items, List<String> lines) {
        Set<String> fields = new java.util.TreeSet<>();
        for (Item item : items) {
            item.value().fieldNames().forEachRemaining(fields::add);
        }
        List<String> header = new ArrayList<>(List.of("key", "version"));
        header.addAll(fields.isEmpty() ? List.of("value") : fields);
        List<List<String>> rows = new ArrayList<>();
        for (Item item : items) {
            List<String> row = new ArrayList<>(List.of(item.key(), String.valueOf(item.version())));
            if (fields.isEmpty()) {
                row.add(cell(item.value()));
            } else {
                for (String f : fields) {
                    row.add(cell(item.value().get(f)));
                }
            }
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        lines.add(formatRow(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("-".repeat(w)).append("  ");
        }
        lines.add(rule.toString().stripTrailing());
        rows.forEach(r -> lines.add(formatRow(r, widths)));
    }

    private static String cell(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "";
        }
        String text = v.isTextual() ? v.textValue() : WireJson.toString(v);
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    private static String formatRow(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(String.format("%-" + widths[i] + "s", cells.get(i))).append("  ");
        }
        return b.toString().stripTrailing();
    }

    public String dim(String text) {
        return color ? DIM + text + RESET : text;
    }

    /** Indented JSON, coloured when this output has colour. */
    String render(JsonNode node, int indent) {
        StringBuilder b = new StringBuilder();
        render(node, indent, b);
        return b.toString();
    }

    private void render(JsonNode node, int indent, StringBuilder b) {
        String pad = "  ".repeat(indent + 1);
        if (node.isObject()) {
            if (node.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                b.append(pad).append(paint(KEY, WireJson.quote(f.getKey())))
                        .append(": ");
                render(f.getValue(), indent + 1, b);
                b.append(fields.hasNext() ? ",\n" : "\n");
            }
            b.append("  ".repeat(indent)).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                b.append(pad);
                render(node.get(i), indent + 1, b);
                b.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            b.append("  ".repeat(indent)).append(']');
        } else if (node.isTextual()) {
            b.append(paint(STRING, WireJson.toString(node)));
        } else if (node.isNumber()) {
            b.append(paint(NUMBER, node.toString()));
        } else {
            b.append(paint(LITERAL, node.toString()));
        }
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
