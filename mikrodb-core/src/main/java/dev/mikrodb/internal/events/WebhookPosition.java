package dev.mikrodb.internal.events;

import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.StorageFile;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The revision a webhook target has been sent everything through, kept in {@code changes/webhook-<name>.position}
 * (replaced by an atomic rename after each delivery, not fsynced: after a power loss a target may get some events
 * again, which at-least-once allows). A restart resumes the webhook after it.
 */
public final class WebhookPosition {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.events");

    private final FileLayer files;
    private final Path file;
    private final Path temp;
    private long last = -1;
    private boolean warned;

    public WebhookPosition(FileLayer files, Path changesDirectory, String webhookName) {
        this.files = files;
        String safe = webhookName.replaceAll("[^A-Za-z0-9_-]", "_");
        this.file = changesDirectory.resolve("webhook-" + safe + ".position");
        this.temp = changesDirectory.resolve("webhook-" + safe + ".position.tmp");
    }

    /** The stored revision, or -1 when this webhook has never delivered (or the file is unreadable). */
    public long stored() {
        try {
            String text = new String(files.readAll(file), StandardCharsets.US_ASCII).trim();
            return Long.parseLong(text);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            LOG.log(Level.WARNING, "cannot read " + file + " (" + e + "); the webhook starts with new events");
            return -1;
        }
    }

    /** Records that everything through {@code revision} has been sent (or, at the first start, that none before). */
    public synchronized void delivered(long revision) {
        if (revision <= last) {
            return;
        }
        last = revision;
        try {
            files.createDirectories(file.getParent());
            try (StorageFile f = files.create(temp)) {
                f.write(ByteBuffer.wrap((revision + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
            files.moveAtomically(temp, file);
        } catch (IOException e) {
            if (!warned) { // deliveries go on; a restart may repeat some events
                warned = true;
                LOG.log(Level.WARNING, "cannot store the position of a webhook in " + file + ": " + e);
            }
        }
    }
}
