package dev.mikrodb.config;

/**
 * The server's backup settings (docs/operations.md): where backups go, the schedule and retention, compression,
 * and an optional S3 copy. Part of {@link ServerSettings}.
 */
public final class BackupSettings {
    /** Every day at 02:00 UTC, as JoystickDB's example. */
    public static final String DEFAULT_SCHEDULE = "0 2 * * *";

    private final String directory;
    private final boolean enabled;
    private final String schedule;
    private final int retentionDays;
    private final int keepLast;
    private final boolean compression;
    private final S3Target s3;

    private BackupSettings(Builder b) {
        this.directory = b.directory;
        this.enabled = b.enabled;
        this.schedule = b.schedule;
        this.retentionDays = b.retentionDays;
        this.keepLast = b.keepLast;
        this.compression = b.compression;
        this.s3 = b.s3[0] == null ? null : new S3Target(b.s3[0], b.s3[1], b.s3[2], b.s3[3], b.s3[4], b.s3[5]);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the server keeps backups, or null for the database directory's name + {@code -backups} beside it. */
    public String directory() {
        return directory;
    }

    /** Whether the server takes backups on {@link #schedule()}. */
    public boolean enabled() {
        return enabled;
    }

    /** A 5-field cron expression (UTC); checked when the server starts. */
    public String schedule() {
        return schedule;
    }

    /** Scheduled backups older than this many days are deleted; 0 keeps them. */
    public int retentionDays() {
        return retentionDays;
    }

    /** At most this many backups are kept, the newest; 0 for no limit. */
    public int keepLast() {
        return keepLast;
    }

    public boolean compression() {
        return compression;
    }

    /** Where backups are also copied, or null when they stay local. */
    public S3Target s3() {
        return s3;
    }

    @Override
    public String toString() {
        return "BackupSettings{directory=" + directory + ", enabled=" + enabled + ", schedule=" + schedule
                + ", retentionDays=" + retentionDays + ", keepLast=" + keepLast + ", compression=" + compression
                + ", s3=" + s3 + "}";
    }

    public static final class Builder {
        private String directory;
        private boolean enabled;
        private String schedule = DEFAULT_SCHEDULE;
        private int retentionDays;
        private int keepLast;
        private boolean compression = true;
        private final String[] s3 = new String[6];

        private Builder() {
        }

        public Builder directory(String directory) {
            this.directory = blankToNull(directory);
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder schedule(String cron) {
            if (cron == null || cron.isBlank()) {
                throw new ConfigurationException("backup.schedule is empty; give a 5-field cron expression such as "
                        + DEFAULT_SCHEDULE);
            }
            this.schedule = cron.strip();
            return this;
        }

        public Builder retentionDays(int days) {
            if (days < 0) {
                throw new ConfigurationException("backup.retention_days must be 0 or more; got " + days);
            }
            this.retentionDays = days;
            return this;
        }

        public Builder keepLast(int n) {
            if (n < 0) {
                throw new ConfigurationException("backup.keep_last must be 0 or more; got " + n);
            }
            this.keepLast = n;
            return this;
        }

        public Builder compression(boolean compress) {
            this.compression = compress;
            return this;
        }

        /** The S3 bucket backups are copied to (the other {@code s3*} settings refine it). */
        public Builder s3Bucket(String bucket) {
            s3[0] = blankToNull(bucket);
            return this;
        }

        public Builder s3Region(String region) {
            s3[1] = blankToNull(region);
            return this;
        }

        public Builder s3Endpoint(String endpoint) {
            s3[2] = blankToNull(endpoint);
            return this;
        }

        public Builder s3Prefix(String prefix) {
            s3[3] = blankToNull(prefix);
            return this;
        }

        public Builder s3Credentials(String accessKeyId, String secretAccessKey) {
            return s3AccessKeyId(accessKeyId).s3SecretAccessKey(secretAccessKey);
        }

        public Builder s3AccessKeyId(String accessKeyId) {
            s3[4] = blankToNull(accessKeyId);
            return this;
        }

        public Builder s3SecretAccessKey(String secretAccessKey) {
            s3[5] = blankToNull(secretAccessKey);
            return this;
        }

        public BackupSettings build() {
            return new BackupSettings(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }
}
