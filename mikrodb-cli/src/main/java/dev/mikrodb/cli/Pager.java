package dev.mikrodb.cli;

/**
 * Stops long results at each screenful on a terminal, as {@code less} or mongosh's "Type 'it' for more" do, so 20,000
 * rows do not scroll past unseen. Only the interactive shell has one; scripts and pipes get everything at once.
 */
public interface Pager {
    /** Lines that fit on the screen now; 0 or less turns paging off (a terminal that does not know its size). */
    int rows();

    /**
     * Shows {@code prompt} and waits for a key: true to show the next page (Enter, Space, anything else), false to
     * stop (q, Ctrl-C, end of input). The prompt is erased either way.
     */
    boolean next(String prompt);
}
