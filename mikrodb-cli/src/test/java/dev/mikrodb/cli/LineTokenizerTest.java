package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.cli.shell.LineTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineTokenizerTest {
    @Test
    void bareJsonStaysOneWordWithItsQuotes() {
        var r = LineTokenizer.tokenize("write users u1 {\"name\": \"Ada Lovelace\", \"a\": [1, {\"b\": \"}\"}]}");
        assertTrue(r.complete());
        assertEquals(List.of("write", "users", "u1", "{\"name\": \"Ada Lovelace\", \"a\": [1, {\"b\": \"}\"}]}"),
                r.texts());
    }

    @Test
    void shellQuotingRules() {
        assertEquals(List.of("get", "users", "my key"), LineTokenizer.tokenize("get users \"my key\"").texts());
        assertEquals(List.of("write", "t", "k", "\"text\""), LineTokenizer.tokenize("write t k '\"text\"'").texts());
        assertEquals(List.of("a b", "c\"d"), LineTokenizer.tokenize("a\\ b \"c\\\"d\"").texts());
        assertEquals(List.of(), LineTokenizer.tokenize("   ").texts());
    }

    @Test
    void openBracketsAndQuotesAreIncomplete() {
        assertFalse(LineTokenizer.tokenize("write t k {\"a\": [1,").complete());
        assertFalse(LineTokenizer.tokenize("write t k '{\"a\"").complete());
        assertFalse(LineTokenizer.tokenize("get t \"k").complete());
        assertTrue(LineTokenizer.tokenize("write t k {\"a\": \"[\"}").complete());
    }
}
