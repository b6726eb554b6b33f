package dev.mikrodb.cli.shell;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * JLine's view of a line: {@link LineTokenizer}'s words for completion, and an {@link EOFError} when Enter is pressed
 * inside an open bracket or quote, which makes JLine ask for a continuation line instead of running the command.
 */
public final class ShellParser implements Parser {
    private final DefaultParser lists = new DefaultParser();

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        LineTokenizer.Result result = LineTokenizer.tokenize(line);
        if (!result.complete() && context == ParseContext.ACCEPT_LINE) {
            throw new EOFError(-1, cursor, "unfinished JSON or quote", "json");
        }
        List<String> words = new ArrayList<>();
        int wordIndex = -1;
        int wordCursor = 0;
        for (LineTokenizer.Word w : result.words()) {
            if (cursor >= w.start() && cursor <= w.end()) {
                wordIndex = words.size();
                wordCursor = Math.min(cursor - w.start(), w.text().length());
            }
            words.add(w.text());
        }
        if (wordIndex < 0) { // the cursor is on blank space: completing a new, empty word
            int insertAt = 0;
            while (insertAt < result.words().size() && result.words().get(insertAt).end() < cursor) {
                insertAt++;
            }
            words.add(insertAt, "");
            wordIndex = insertAt;
            wordCursor = 0;
        }
        String word = words.get(wordIndex);
        return lists.new ArgumentList(line, words, wordIndex, wordCursor, cursor, null, wordCursor, word.length());
    }
}
