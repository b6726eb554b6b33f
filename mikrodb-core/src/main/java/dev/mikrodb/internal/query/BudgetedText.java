package dev.mikrodb.internal.query;

/**
 * A string that counts how often the regex engine reads it and gives up past a budget. Java's backtracking engine
 * can take exponential time on patterns such as {@code ^(a+)+\1b$} (15 s on 30 characters, hours on 40); a query
 * must not let a hostile pattern hold a thread that long.
 */
final class BudgetedText implements CharSequence {
    /** Thrown when the budget is spent; carries no stack trace, it is caught one frame up. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regex evaluation budget exceeded", null, false, false);
        }
    }

    /** The most reads any one evaluation may make, whatever the subject's length: about 50 ms of work. */
    static final long MAX_BUDGET = 20_000_000L;

    /** Reads allowed per evaluation: a floor plus an allowance per character of the subject, capped. */
    static long budgetFor(int length) {
        return Math.min(MAX_BUDGET, 1_000_000L + 1_000L * length);
    }

    private final String text;
    private final long[] remaining;

    BudgetedText(String text) {
        this(text, new long[] {budgetFor(text.length())});
    }

    private BudgetedText(String text, long[] remaining) {
        this.text = text;
        this.remaining = remaining;
    }

    @Override
    public char charAt(int index) {
        if (--remaining[0] < 0) {
            throw new BudgetExceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text.substring(start, end), remaining);
    }

    @Override
    public String toString() {
        return text;
    }
}
