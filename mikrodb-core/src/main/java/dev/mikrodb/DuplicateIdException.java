package dev.mikrodb;

/**
 * An insert's {@code _id} is taken in its collection, or repeated within one {@code insert_many} (HTTP 409). Nothing
 * was written.
 */
public final class DuplicateIdException extends MikroDBException {
    private final String id;

    public DuplicateIdException(String collection, String id, String where) {
        this(id, where + "a document with _id '" + id + "' already exists in collection '" + collection + "'");
    }

    private DuplicateIdException(String id, String message) {
        super(message);
        this.id = id;
    }

    /** Document {@code second} of one insert_many has the same {@code _id} as document {@code first}. */
    public static DuplicateIdException repeated(String collection, String id, int first, int second) {
        return new DuplicateIdException(id, "document " + second + ": _id '" + id + "' is also document " + first
                + "'s in this insert_many into collection '" + collection + "'");
    }

    /** The exception as a server reported it: its message kept as sent. */
    public static DuplicateIdException reported(String id, String message) {
        return new DuplicateIdException(id, message);
    }

    public String id() {
        return id;
    }
}
