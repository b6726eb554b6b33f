package dev.mikrodb.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words the way a POSIX shell would ('single quotes' literal, "double quotes" with
 * backslash escapes, words separated by blanks), with one addition: a word starting with {@code {} or {@code [} is
 * taken verbatim up to its matching bracket, JSON strings included, so {@code write users u1 {"name": "Ada Lovelace"}}
 * needs no quoting. Reports whether the line is complete (no open bracket or quote), so the shell can ask for more.
 */
public final class LineTokenizer {
    /** One word: its text and where it starts and ends in the line. */
    public record Word(String text, int start, int end) {
    }

    /** The words, and whether input ended inside a bracket or quote. */
    public record Result(List<Word> words, boolean complete) {
        public List<String> texts() {
            return words.stream().map(Word::text).toList();
        }
    }

    private LineTokenizer() {
    }

    public static Result tokenize(String line) {
        List<Word> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            StringBuilder word = new StringBuilder();
            boolean complete = true;
            char first = line.charAt(i);
            if (first == '{' || first == '[') {
                int end = jsonEnd(line, i);
                if (end < 0) {
                    words.add(new Word(line.substring(i), start, n));
                    return new Result(words, false);
                }
                word.append(line, i, end);
                i = end;
            }
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                char c = line.charAt(i);
                if (c == '\'') {
                    int close = line.indexOf('\'', i + 1);
                    if (close < 0) {
                        word.append(line, i + 1, n);
                        i = n;
                        complete = false;
                        break;
                    }
                    word.append(line, i + 1, close);
                    i = close + 1;
                } else if (c == '"') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char d = line.charAt(i);
                        if (d == '\\' && i + 1 < n) {
                            word.append(line.charAt(i + 1));
                            i += 2;
                        } else if (d == '"') {
                            i++;
                            closed = true;
                            break;
                        } else {
                            word.append(d);
                            i++;
                        }
                    }
                    if (!closed) {
                        complete = false;
                        break;
                    }
                } else if (c == '\\' && i + 1 < n) {
                    word.append(line.charAt(i + 1));
                    i += 2;
                } else {
                    word.append(c);
                    i++;
                }
            }
            words.add(new Word(word.toString(), start, i));
            if (!complete) {
                return new Result(words, false);
            }
        }
        return new Result(words, true);
    }

    /** The index just past the bracket matching the one at {@code start}, or -1 if the line ends first. */
    private static int jsonEnd(String line, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }
}
