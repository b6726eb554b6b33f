package dev.mikrodb.cli.commands;

import dev.mikrodb.ValidationException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, one record at a time: fields separated by commas, records by CRLF or LF; a field in double quotes may
 * hold commas, line breaks and doubled quotes ({@code ""}). Records report the line they start on, for messages.
 */
final class CsvReader {
    private final Reader in;
    private final String source;
    private int line = 1;
    private int pushedBack = -2;

    CsvReader(Reader in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The line the next record starts on. */
    int line() {
        return line;
    }

    /** The next record's fields, or null at the end of the input. */
    List<String> next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        int startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new ValidationException(source + " line " + startLine + ": a quoted field is not closed");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = after;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n' || c < 0) {
                if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        pushedBack = after;
                    }
                }
                if (c >= 0) {
                    line++;
                }
                fields.add(field.toString());
                return fields;
            } else if (wasQuoted) {
                throw new ValidationException(source + " line " + startLine + ": text after a closing quote");
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }
}
