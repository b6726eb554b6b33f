package dev.mikrodb.cli.commands;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Load items into a table from a file ('-' for standard input): a JSON array of {\"key\", \"value\"} objects (what 'dump' writes), JSON lines (what 'export' writes), or CSV with a header row (a .csv file, or --csv). Written in atomic batches of --batch items; progress on a terminal.")
public final class ImportCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table to write into.")
    String table;

    @Parameters(index = "1", paramLabel = "FILE", description = "A .json, .jsonl or .csv file, or - for standard input.")
    String file;

    @Option(names = "--csv", description = "Read CSV whatever the file's name: a header row, then one item per row.")
    boolean csv;

    @Option(names = "--keyColumn", paramLabel = "NAME", defaultValue = "key", description = "CSV: the column "
            + "holding each item's key (default key); the other columns become the value's fields.")
    String keyColumn;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "Items per atomic batch (default 1000).")
    int batch;

    public ImportCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) throws Exception {
        if (batch < 1 || batch > 100_000) {
            throw new ValidationException("--batch must be 1 to 100000; got " + batch);
        }
        long total = file.equals("-") ? -1 : Files.size(Path.of(file));
        Progress progress = new Progress(total, new dev.mikrodb.cli.ProgressLine(out(), "importing " + table));
        long count;
        try (InputStream raw = file.equals("-") ? session.input() : Files.newInputStream(Path.of(file));
             BufferedInputStream in = new BufferedInputStream(new CountingStream(raw, progress), 1 << 16)) {
            in.mark(1);
            if (csv || file.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                count = csv(in, store);
            } else {
                int first = skipSpace(in);
                count = first == '[' ? array(in, store) : lines(in, store);
            }
        }
        progress.done(count);
        if (out().pretty()) {
            out().info("imported " + count + " items into " + table);
        } else {
            out().line("{\"imported\":" + count + "}");
        }
        return ExitCodes.OK;
    }

    private long array(InputStream in, MikroStore store) throws IOException {
        List<WriteRequest> pending = new ArrayList<>(batch);
        long count = 0;
        try (JsonParser p = WireJson.mapper().getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new ValidationException(file + ": expected a JSON array of items");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode item = WireJson.mapper().readTree(p);
                pending.add(request(item, "item " + (count + 1)));
                count++;
                if (pending.size() == batch) {
                    flush(store, pending);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ValidationException(file + " is not valid JSON near item " + (count + 1) + ": "
                    + WireJson.describe(e));
        }
        flush(store, pending);
        return count;
    }

    private long lines(InputStream in, MikroStore store) throws IOException {
        List<WriteRequest> pending = new ArrayList<>(batch);
        long count = 0;
        int lineNumber = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            pending.add(request(WireJson.parse(line, file + " line " + lineNumber), "line " + lineNumber));
            count++;
            if (pending.size() == batch) {
                flush(store, pending);
            }
        }
        flush(store, pending);
        return count;
    }

    /**
     * CSV with a header row: the {@code --keyColumn} column is the key, every other column a field of the value. A
     * field that reads as a JSON number, true, false or null is stored as one, everything else as a string; an empty
     * field is left out.
     */
    private long csv(InputStream in, MikroStore store) throws IOException {
        CsvReader reader = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8), file);
        List<String> header = reader.next();
        if (header == null) {
            return 0;
        }
        int keyAt = header.indexOf(keyColumn);
        if (keyAt < 0) {
            throw new ValidationException(file + ": no column named '" + keyColumn + "' in the header " + header
                    + "; name the key column with --keyColumn");
        }
        List<WriteRequest> pending = new ArrayList<>(batch);
        long count = 0;
        while (true) {
            int line = reader.line();
            List<String> row = reader.next();
            if (row == null) {
                break;
            }
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (row.size() != header.size()) {
                throw new ValidationException(file + " line " + line + ": " + row.size() + " fields, but the header "
                        + "has " + header.size());
            }
            com.fasterxml.jackson.databind.node.ObjectNode value = WireJson.object();
            for (int i = 0; i < row.size(); i++) {
                if (i != keyAt && !row.get(i).isEmpty()) {
                    value.set(header.get(i), typed(row.get(i)));
                }
            }
            if (row.get(keyAt).isEmpty()) {
                throw new ValidationException(file + " line " + line + ": the key column '" + keyColumn
                        + "' is empty");
            }
            pending.add(WriteRequest.builder(table, row.get(keyAt)).value(value).build());
            count++;
            if (pending.size() == batch) {
                flush(store, pending);
            }
        }
        flush(store, pending);
        return count;
    }

    private static JsonNode typed(String text) {
        if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?") || text.equals("true")
                || text.equals("false") || text.equals("null")) {
            return WireJson.parse(text, "a CSV field");
        }
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }

    private WriteRequest request(JsonNode item, String where) {
        if (!item.isObject() || !item.path("key").isTextual() || !item.has("value")) {
            throw new ValidationException(file + " " + where + ": each item needs a string \"key\" and a \"value\"");
        }
        return WriteRequest.builder(table, item.get("key").asText()).value(item.get("value")).build();
    }

    private void flush(MikroStore store, List<WriteRequest> pending) {
        if (!pending.isEmpty()) {
            store.writeBatch(pending);
            pending.clear();
        }
    }

    private static int skipSpace(BufferedInputStream in) throws IOException {
        while (true) {
            in.mark(1);
            int c = in.read();
            if (c < 0 || !Character.isWhitespace(c)) {
                in.reset();
                return c;
            }
        }
    }

    /** Bytes read so far, as a progress line on a terminal. */
    private static final class Progress {
        private final long total;
        private final dev.mikrodb.cli.ProgressLine line;
        private long read;

        Progress(long total, dev.mikrodb.cli.ProgressLine line) {
            this.total = total;
            this.line = line;
        }

        void add(long n) {
            read += n;
            line.update(read, total);
        }

        void done(long items) {
            line.finish();
        }
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        private final Progress progress;

        CountingStream(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                progress.add(1);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.add(n);
            }
            return n;
        }
    }
}
