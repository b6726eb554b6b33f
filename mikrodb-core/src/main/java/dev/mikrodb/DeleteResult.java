package dev.mikrodb;

/** How many documents a delete removed. */
public record DeleteResult(long deletedCount) {
}
