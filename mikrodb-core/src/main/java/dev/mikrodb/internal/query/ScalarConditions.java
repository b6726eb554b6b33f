package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.query.SpanValues.Operand;

/**
 * The operators a filter uses most (equality, {@code in}, {@code nin} and the ranges) as {@link Condition}s that read
 * scalars straight from the stored bytes ({@link SpanValues}), deciding most items without decoding a value.
 */
final class ScalarConditions {
    private ScalarConditions() {
    }

    /** {@code eq} ({@code negated}: {@code neq}) of one operand; {@code in} ({@code nin}) of several. */
    static Condition oneOf(Iterable<JsonNode> operands, boolean negated) {
        return new OneOf(operands, negated);
    }

    /** The range operators: the value and the bound are of the same kind and {@code accept} their order. */
    static Condition range(JsonNode bound, Order accept) {
        return new Range(bound, accept);
    }

    static Condition between(JsonNode low, JsonNode high) {
        return new Between(low, high);
    }

    /** Which results of comparing a value with a bound a range operator accepts. */
    interface Order {
        boolean accept(int comparison);
    }

    private static final class OneOf implements Condition {
        private final Operand[] operands;
        private final boolean negated;

        OneOf(Iterable<JsonNode> operands, boolean negated) {
            this.operands = SpanValues.operands(operands);
            this.negated = negated;
        }

        @Override
        public boolean test(JsonNode actual) {
            if (actual != null) {
                for (Operand o : operands) {
                    if (JsonValues.equal(actual, o.node)) {
                        return !negated;
                    }
                }
            }
            return negated;
        }

        @Override
        public boolean test(byte[] b, int start, int end) {
            if (start < 0) {
                return negated;
            }
            int equal = SpanValues.equalToAny(b, start, end, operands);
            return equal == SpanValues.SLOW ? test(JsonBytes.read(b, start, end)) : (equal == 1) != negated;
        }
    }

    private static final class Range implements Condition {
        private final Operand bound;
        private final Order accept;

        Range(JsonNode bound, Order accept) {
            this.bound = new Operand(bound);
            this.accept = accept;
        }

        @Override
        public boolean test(JsonNode actual) {
            if (actual == null) {
                return false;
            }
            Integer c = JsonValues.compareSameKind(actual, bound.node);
            return c != null && accept.accept(c);
        }

        @Override
        public boolean test(byte[] b, int start, int end) {
            if (start < 0) {
                return false;
            }
            int c = SpanValues.compare(b, start, end, bound);
            if (c == SpanValues.SLOW) {
                return test(JsonBytes.read(b, start, end));
            }
            return c != SpanValues.UNORDERED && accept.accept(c);
        }
    }

    private static final class Between implements Condition {
        private final Operand low;
        private final Operand high;

        Between(JsonNode low, JsonNode high) {
            this.low = new Operand(low);
            this.high = new Operand(high);
        }

        @Override
        public boolean test(JsonNode actual) {
            if (actual == null) {
                return false;
            }
            Integer lo = JsonValues.compareSameKind(actual, low.node);
            Integer hi = JsonValues.compareSameKind(actual, high.node);
            return lo != null && hi != null && lo >= 0 && hi <= 0;
        }

        @Override
        public boolean test(byte[] b, int start, int end) {
            if (start < 0) {
                return false;
            }
            int lo = SpanValues.compare(b, start, end, low);
            int hi = SpanValues.compare(b, start, end, high);
            if (lo == SpanValues.SLOW || hi == SpanValues.SLOW) {
                return test(JsonBytes.read(b, start, end));
            }
            return lo != SpanValues.UNORDERED && hi != SpanValues.UNORDERED && lo >= 0 && hi <= 0;
        }
    }
}
