package dev.mikrodb;

/** The {@code _id} of an inserted document (generated when the document had none). */
public record InsertOneResult(String insertedId) {
}
