package dev.mikrodb.cli;

import dev.mikrodb.Progress;

/**
 * A progress line on a terminal for long commands (backup, verify, restore, import): bytes done, percent and an
 * estimate of the time left, rewritten in place at most five times a second; silent when the output is piped.
 */
public final class ProgressLine implements Progress {
    private final Output out;
    private final String what;
    private final long started = System.nanoTime();
    private long shownAt;
    private boolean shown;

    public ProgressLine(Output out, String what) {
        this.out = out;
        this.what = what;
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (!out.pretty() || total <= 0 || now - shownAt < 200_000_000L) {
            return;
        }
        shownAt = now;
        shown = true;
        double seconds = (now - started) / 1e9;
        long left = done == 0 ? -1 : (long) (seconds * (total - done) / done);
        out.progress(String.format("%s: %d%% (%s of %s)%s", what, done * 100 / total, mb(done), mb(total),
                left < 0 ? "" : ", about " + left + " s left"));
    }

    /** Clears the line, if one was shown. */
    public void finish() {
        if (shown) {
            out.progress(null);
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
