package dev.mikrodb;

import java.util.List;

/**
 * What {@link MikroDB#check} found, file by file (docs/operations.md).
 *
 * @param healthy true when no file is damaged (a torn WAL tail, which recovery sets aside, is a warning only)
 */
public record CheckReport(List<FileCheck> files, boolean healthy) {
    /** One file's verdict. */
    public enum Status {
        /** Every checksum, record and entry verifies. */
        OK,
        /** The WAL ends in a record cut short or failing its checksum with nothing valid after it: an interrupted
         * write, which recovery sets aside; nothing acknowledged is lost unless the disk lied. */
        TORN_TAIL,
        /** Damage: the file cannot be trusted from {@link FileCheck#offset()}. */
        DAMAGED,
        /** Not checked (a lock file, a leftover temporary file, a tail set aside earlier, or no key to decrypt). */
        SKIPPED
    }

    /**
     * @param offset where the damage or torn tail starts, or -1
     * @param records WAL records or table entries that verified
     */
    public record FileCheck(String file, Status status, long offset, long records, String detail) {
    }
}
