package dev.mikrodb.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mikrodb.CorruptionException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Skipping strings eight bytes at a time finds the same end, and the same escapes, as reading byte by byte. */
class JsonBytesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ALPHABET = "ab\"\\\n\u00e9\u20ac\ud83d\ude00 \u0001\u00a2x";

    /** The byte-by-byte reading the word-at-a-time one must agree with: end, or ~end when escaped. */
    private static int reference(byte[] b, int i) {
        boolean escaped = false;
        for (int k = i + 1; ; k++) {
            if (b[k] == '"') {
                return escaped ? ~(k + 1) : k + 1;
            }
            if (b[k] == '\\') {
                escaped = true;
                k++;
            }
        }
    }

    @Test
    void everyLengthAndPositionOfAQuoteOrEscapeAgreesWithTheByteByByteReading() throws Exception {
        Random random = new Random(12);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String prefix = "x".repeat(random.nextInt(9)); // every alignment of the opening quote
            String suffix = random.nextBoolean() ? "" : ",\"k\":\"" + "y".repeat(random.nextInt(12)) + "\"}";
            byte[] encoded = MAPPER.writeValueAsBytes(text.toString());
            byte[] b = (prefix + new String(encoded, StandardCharsets.UTF_8) + suffix).getBytes(StandardCharsets.UTF_8);
            int start = prefix.length();
            int expected = reference(b, start);
            assertEquals(expected, JsonBytes.skipStringNotingEscapes(b, start), "for " + text);
            assertEquals(start + encoded.length, JsonBytes.skipString(b, start), "for " + text);
            assertEquals(new String(encoded, StandardCharsets.UTF_8).indexOf('\\') >= 0, expected < 0);
        }
    }

    @Test
    void anUnterminatedStringIsReportedAsDamagedAtEveryLength() {
        for (int length = 0; length < 20; length++) {
            byte[] b = ("\"" + "z".repeat(length)).getBytes(StandardCharsets.UTF_8);
            assertThrows(CorruptionException.class, () -> JsonBytes.skipString(b, 0));
            byte[] escapedAtEnd = ("\"" + "z".repeat(length) + "\\").getBytes(StandardCharsets.UTF_8);
            assertThrows(CorruptionException.class, () -> JsonBytes.skipString(escapedAtEnd, 0));
        }
    }
}
