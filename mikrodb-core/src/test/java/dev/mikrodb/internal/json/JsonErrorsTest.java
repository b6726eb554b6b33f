package dev.mikrodb.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mikrodb.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a user reads when the JSON they sent is malformed: this project's sentences, never Jackson's vocabulary (parser
 * features to enable, constraint getters, character codes), which names things a user cannot act on.
 */
class JsonErrorsTest {
    /** Words of Jackson's that mean nothing to a user of this database. */
    private static final List<String> JACKSON_WORDS = List.of("`", "JsonReadFeature", "StreamReadConstraints",
            "CTRL-CHAR", "' (code ", "starting at", "close marker", "VALUE_STRING", "end-of-input", "Source:");

    private static String refusal(String json) {
        return assertThrows(ValidationException.class, () -> Json.parseUserJson(json, "value")).getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "NaN        | 'NaN' is not a JSON number: JSON has no NaN or infinity (line 1, column 4)",
        "-Infinity  | '-Infinity' is not a JSON number: JSON has no NaN or infinity (line 1, column 10)",
        "+1         | a number cannot start with '+' (line 1, column 2)",
        "01         | a number cannot have leading zeros (line 1, column 2)",
        "1.         | a decimal point must be followed by a digit (line 1, column 2)",
        "2.e3       | a decimal point must be followed by a digit, found 'e' (line 1, column 3)",
        "-x         | a '-' must be followed by a digit, found 'x' (line 1, column 2)",
        "1e+x       | an exponent must have digits, found 'x' (line 1, column 4)",
        "~\"\\x\"~  | '\\x' is not a JSON escape; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                + "and \\u with four hexadecimal digits "
                + "(line 1, column 3)",
        "~\"\\uzz\"~ | a \\u escape needs four hexadecimal digits, found 'z' (line 1, column 4)",
        "~\"abc~    | the JSON ends inside a string (a closing '\"' is missing) (line 1, column 5)",
        "[1}        | unexpected '}' where a ']' should close an array (line 1, column 3)",
        "~{\"a\":1]~ | unexpected ']' where a '}' should close an object (line 1, column 7)",
        "}          | unexpected '}' (line 1, column 1)",
        "[1,ÿ]      | unexpected character where a JSON value should be (text needs double quotes) (line 1, column 6)",
    })
    void malformedJsonIsExplainedInPlainWords(String json, String expected) {
        String message = refusal(json);
        assertEquals("value is not valid JSON: " + expected, message);
    }

    @Test
    void aControlCharacterInAStringNamesItsCodeAndTheEscapesToUse() {
        assertEquals("value is not valid JSON: a control character (code 10) must be escaped inside a string (as \\n, "
                + "\\t or \\u and four hexadecimal digits) (line 1, column 3)", refusal("\"a\nb\""));
    }

    @Test
    void sizeLimitsNameWhatWasTooLargeAndTheLimit() {
        assertEquals("value is not valid JSON: the JSON is nested more than 256 levels deep",
                refusal("[".repeat(300) + "]".repeat(300)));
        assertEquals("value is not valid JSON: a number is longer than 1000 characters",
                refusal("1" + "0".repeat(1200)));
        assertEquals("value is not valid JSON: a field name is longer than 50000 characters",
                refusal("{\"" + "n".repeat(60_000) + "\": 1}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "NaN", "Infinity", "+1", "1.", "01", "-", "-x", "1e+x", "~\"\\x\"~", "~\"\\u12\"~", "~\"abc~", "[1}", "}", "]",
        "~{\"a\" 1}~", "~{\"a\":1 \"b\":2}~", "[1 2]", "~[1,,2]~", "{,}", "'a'", "tru", "0x10", "~{\"a\":}~", "ÿ",
        "~\"\t\"~", "~[\"a\" , ]~",
    })
    void noRefusalUsesJacksonsVocabulary(String json) {
        String message = refusal(json);
        for (String word : JACKSON_WORDS) {
            assertFalse(message.contains(word), "'" + word + "' in: " + message);
        }
    }
}
