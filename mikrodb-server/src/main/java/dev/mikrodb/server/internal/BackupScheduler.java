package dev.mikrodb.server.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.config.ConfigurationException;
import dev.mikrodb.config.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Scheduled backups (docs/operations.md): a standard 5-field cron expression in UTC, parsed and checked at start by
 * cron-utils; after each backup, retention deletes backups older than {@code retention_days} and beyond the newest
 * {@code keep_last}. A once-a-second tick compares the clock with the next due time, so the schedule follows the
 * server's clock (tests inject one and call {@link #runDue()}).
 */
public final class BackupScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.server");
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
            CronType.UNIX));

    /** A backup's file name, which holds the time it was taken (UTC). */
    private static final java.util.regex.Pattern BACKUP_NAME = java.util.regex.Pattern.compile(
            "backup-(\\d{4})-(\\d\\d)-(\\d\\d)-(\\d\\d)-(\\d\\d)-(\\d\\d)(-\\d+)?\\.zip");
    private final Supplier<MikroDB> database;
    private final Path directory;
    private final ServerSettings settings;
    private final Clock clock;
    private final ExecutionTime schedule;
    private final S3Backups s3;
    private ScheduledExecutorService ticker;
    private ZonedDateTime nextDue;

    public BackupScheduler(Supplier<MikroDB> database, Path directory, ServerSettings settings, S3Backups s3) {
        this.database = database;
        this.s3 = s3;
        this.directory = directory;
        this.settings = settings;
        this.clock = settings.clock();
        this.schedule = ExecutionTime.forCron(parse(settings.backup().schedule()));
        this.nextDue = next(now());
    }

    /** Checks a cron expression as the scheduler will read it; a {@link ConfigurationException} names the problem. */
    public static Cron parse(String expression) {
        try {
            Cron cron = PARSER.parse(expression);
            cron.validate();
            return cron;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("backup.schedule '" + expression + "' is not a valid 5-field cron "
                    + "expression (minute hour day-of-month month day-of-week, e.g. '0 2 * * *' for 02:00 UTC "
                    + "daily): " + e.getMessage());
        }
    }

    /** Starts the once-a-second tick. */
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mikrodb-backup-scheduler");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "scheduled backup failed: " + e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        LOG.log(System.Logger.Level.INFO, "scheduled backups '" + settings.backup().schedule() + "' (UTC) into "
                + directory + "; next at " + nextDue);
    }

    /** The next time a backup is due. */
    public synchronized ZonedDateTime nextDue() {
        return nextDue;
    }

    /** Takes the backup if it is due (once, however late), then applies retention; returns it, or null. */
    public synchronized BackupInfo runDue() {
        ZonedDateTime now = now();
        if (nextDue == null || now.isBefore(nextDue)) {
            return null;
        }
        nextDue = next(now);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new dev.mikrodb.StorageException("cannot create backup directory " + directory + ": "
                    + e.getMessage(), e);
        }
        BackupInfo taken = database.get().backup(directory, settings.backup().compression());
        if (s3 != null) {
            s3.upload(taken.file());
        }
        List<Path> deleted = applyRetention(taken);
        if (s3 != null) {
            applyRetentionInBucket(taken);
        }
        LOG.log(System.Logger.Level.INFO, "scheduled backup " + taken.file().getFileName() + " (" + taken.sizeBytes()
                + " bytes, " + taken.durationMillis() + " ms)" + (deleted.isEmpty() ? "" : "; retention deleted "
                + deleted.size()));
        return taken;
    }

    private List<Path> applyRetention(BackupInfo keep) {
        List<BackupInfo> all = MikroDB.listBackups(directory); // oldest first
        List<Path> deleted = new ArrayList<>();
        long cutoff = settings.backup().retentionDays() == 0 ? Long.MIN_VALUE
                : clock.millis() - settings.backup().retentionDays() * 86_400_000L;
        int beyond = settings.backup().keepLast() == 0 ? 0 : Math.max(0, all.size() - settings.backup().keepLast());
        for (int i = 0; i < all.size(); i++) {
            BackupInfo b = all.get(i);
            if (b.file().equals(keep.file())) {
                continue;
            }
            if (i < beyond || b.createdAt() < cutoff) {
                try {
                    Files.deleteIfExists(b.file());
                    deleted.add(b.file());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "retention could not delete " + b.file() + ": "
                            + e.getMessage());
                }
            }
        }
        return deleted;
    }

    /** The same rules over the bucket's copies; ages come from the file names (the time each backup was taken). */
    private void applyRetentionInBucket(BackupInfo keep) {
        List<S3Backups.Remote> all = new ArrayList<>(s3.list());
        all.sort(java.util.Comparator.comparingLong(r -> takenAt(r)));
        long cutoff = settings.backup().retentionDays() == 0 ? Long.MIN_VALUE
                : clock.millis() - settings.backup().retentionDays() * 86_400_000L;
        int beyond = settings.backup().keepLast() == 0 ? 0 : Math.max(0, all.size() - settings.backup().keepLast());
        for (int i = 0; i < all.size(); i++) {
            S3Backups.Remote r = all.get(i);
            if (!r.filename().equals(keep.file().getFileName().toString()) && (i < beyond || takenAt(r) < cutoff)) {
                s3.delete(r.filename());
            }
        }
    }

    private static long takenAt(S3Backups.Remote r) {
        java.util.regex.Matcher m = BACKUP_NAME.matcher(r.filename());
        if (!m.matches()) {
            return r.lastModified();
        }
        return java.time.LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6))).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private ZonedDateTime now() {
        return ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private ZonedDateTime next(ZonedDateTime from) {
        return schedule.nextExecution(from).orElse(null);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
