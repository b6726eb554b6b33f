package dev.mikrodb.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;

/**
 * Jackson's streaming parsers and generators configured as {@link Json#MAPPER}'s are (bounded nesting, finite numbers
 * only), without the mapper. Building an {@code ObjectMapper} costs about 45 ms in a fresh JVM (its type factory,
 * date formats and locale data), a seventh of a one-shot {@code mikrodb get}; code that only streams tokens, such as
 * writing an item with its stored value copied as it is, takes its parser or generator from here. The factory has no
 * codec: {@code readValueAsTree} and {@code writeTree} on what it makes fail, so tree work goes through the mapper.
 */
public final class JsonStreams {
    /** A factory of its own, not the mapper's: building the mapper sets the codec of the factory it is given. */
    public static final JsonFactory FACTORY = newFactory();

    private JsonStreams() {
    }

    static JsonFactory newFactory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Json.MAX_NESTING_DEPTH).build())
                .addDecorator((factory, generator) -> new FiniteNumbersOnly(generator))
                .build();
    }

    /** Thrown (unchecked, through Jackson) for a number a double cannot hold; becomes a ValidationException. */
    static final class NonFiniteNumberException extends RuntimeException {
        NonFiniteNumberException(String message) {
            super(message, null, false, false);
        }
    }

    static void check(double v) {
        if (Double.isInfinite(v) || Double.isNaN(v)) {
            throw new NonFiniteNumberException("a number is outside the range of a 64-bit float (" + v
                    + "); JSON has no infinity or NaN");
        }
    }

    /** Refuses infinite and NaN numbers when writing, where Jackson would write them as strings. */
    private static final class FiniteNumbersOnly extends JsonGeneratorDelegate {
        FiniteNumbersOnly(JsonGenerator d) {
            super(d, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            check(v);
            super.writeNumber(v);
        }

        @Override
        public void writeNumber(float v) throws IOException {
            check(v);
            super.writeNumber(v);
        }
    }
}
