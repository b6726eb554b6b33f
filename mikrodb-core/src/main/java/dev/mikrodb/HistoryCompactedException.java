package dev.mikrodb;

/**
 * A subscription asked to start before the oldest change the feed still retains ({@code changeRetention}), so some
 * changes it wants are gone. Re-read the data you track, then subscribe from {@link #currentRevision()} (or from
 * {@link #compactRevision()} to get whatever is still retained). Over HTTP: status 410 with {@code compactRevision}.
 */
public final class HistoryCompactedException extends MikroDBException {
    private final long requested;
    private final long compactRevision;
    private final long currentRevision;

    public HistoryCompactedException(long requested, long compactRevision, long currentRevision) {
        super("history compacted: changes after revision " + requested + " are no longer retained; the oldest "
                + "available start is revision " + compactRevision + " (current revision " + currentRevision
                + "). Re-read the data, then subscribe from the current revision");
        this.requested = requested;
        this.compactRevision = compactRevision;
        this.currentRevision = currentRevision;
    }

    /** The start revision that was asked for. */
    public long requestedRevision() {
        return requested;
    }

    /** The oldest start still possible: every change after this revision is retained. */
    public long compactRevision() {
        return compactRevision;
    }

    /** The database's revision when the request was refused. */
    public long currentRevision() {
        return currentRevision;
    }
}
