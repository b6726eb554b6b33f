package dev.mikrodb.internal.query;

import dev.mikrodb.ValidationException;
import java.util.regex.Pattern;

/**
 * Runs a user's regular expression over a value with bounded work and stack: Java's backtracking engine can take
 * exponential time on patterns such as {@code ^(a+)+\1b$} and recurse once per repetition of a group such as
 * {@code (a|b)*}, and a query must not let a hostile pattern hold a thread or overflow its stack. Either failure is a
 * {@link ValidationException} that says how to fix the pattern.
 */
public final class SafeRegex {
    private SafeRegex() {
    }

    /** Whether {@code pattern} is found in {@code text}; {@code where} names the filter field in errors. */
    public static boolean find(Pattern pattern, String text, String where) {
        try {
            return pattern.matcher(new BudgetedText(text)).find();
        } catch (BudgetedText.BudgetExceeded e) {
            throw new ValidationException(where + "pattern '" + pattern.pattern() + "' takes too long to evaluate "
                    + "(catastrophic backtracking); simplify it");
        } catch (StackOverflowError e) {
            // The recursion unwinds cleanly, so the thread is fine; the query is refused.
            throw new ValidationException(where + "pattern '" + pattern.pattern() + "' is too complex for a value "
                    + "of " + text.length() + " characters (it repeats a group once per character); use a character "
                    + "class such as [ab]* instead of (a|b)*");
        }
    }
}
