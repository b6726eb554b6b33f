package dev.mikrodb;

/**
 * Where a subscription starts and what each event carries (docs/change-feed.md).
 *
 * @param fromRevision deliver every retained change with a revision greater than this, then live changes; -1 (the
 *     default) starts with the next commit. A start older than the retained history fails with
 *     {@link HistoryCompactedException}.
 * @param keyPrefix deliver only changes of keys that start with this (table deletions always); null for all keys
 * @param includePrevious add the item each change replaced or removed ({@link ChangeEvent#previous()})
 */
public record SubscribeOptions(long fromRevision, String keyPrefix, boolean includePrevious) {
    /** Live changes only, every key, no previous items. */
    public static final SubscribeOptions LIVE = new SubscribeOptions(-1, null, false);

    public SubscribeOptions {
        if (fromRevision < -1) {
            throw new ValidationException("fromRevision must be -1 (from now) or a revision of 0 or more; got "
                    + fromRevision);
        }
        if (keyPrefix != null && keyPrefix.isEmpty()) {
            keyPrefix = null;
        }
    }

    /** Every change after {@code revision} that is still retained, then live changes. */
    public static SubscribeOptions fromRevision(long revision) {
        return new SubscribeOptions(revision, null, false);
    }

    public SubscribeOptions withKeyPrefix(String prefix) {
        return new SubscribeOptions(fromRevision, prefix, includePrevious);
    }

    public SubscribeOptions withPrevious(boolean include) {
        return new SubscribeOptions(fromRevision, keyPrefix, include);
    }

    public SubscribeOptions withFromRevision(long revision) {
        return new SubscribeOptions(revision, keyPrefix, includePrevious);
    }

    /** Whether {@code event} (already of the subscribed table) passes the key prefix. */
    public boolean matchesKey(String key) {
        return keyPrefix == null || key == null || key.startsWith(keyPrefix);
    }
}
