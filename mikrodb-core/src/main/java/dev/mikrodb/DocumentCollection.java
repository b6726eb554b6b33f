package dev.mikrodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A collection of JSON documents with MongoDB's query and update languages (docs/documents.md). Every document is
 * also a MikroDB item of the collection's table, keyed by its {@code _id}, with a version, WAL durability, encryption
 * and change events.
 *
 * <p>Arguments typed {@code Object} take anything Jackson maps to a JSON object (a {@link JsonNode}, a {@code Map},
 * a record) or a {@code String} of JSON text. Invalid filters, updates and documents throw
 * {@link ValidationException} and write nothing. Multi-document writes ({@code insertMany}, {@code updateMany},
 * {@code deleteMany}, {@code bulkWrite}) are atomic: all or nothing, one WAL record. Matching and applying an update
 * happen atomically, so concurrent updates of one document never lose one another.
 */
public interface DocumentCollection {
    String name();

    String databaseName();

    /** Inserts a document; an absent {@code _id} is generated. A taken {@code _id} is a {@link DuplicateIdException}. */
    InsertOneResult insertOne(Object document);

    /** Inserts documents atomically: a duplicate or invalid document anywhere inserts none. */
    InsertManyResult insertMany(List<?> documents);

    default List<JsonNode> find(Object filter) {
        return find(filter, FindOptions.NONE);
    }

    List<JsonNode> find(Object filter, FindOptions options);

    default Optional<JsonNode> findOne(Object filter) {
        return findOne(filter, FindOptions.NONE);
    }

    Optional<JsonNode> findOne(Object filter, FindOptions options);

    long count(Object filter);

    /** The distinct values of {@code field} among matching documents; array fields contribute their elements. */
    List<JsonNode> distinct(String field, Object filter);

    default UpdateResult updateOne(Object filter, Object update) {
        return updateOne(filter, update, UpdateOptions.NONE);
    }

    /** Updates the first matching document (operators, or a replacement document). */
    UpdateResult updateOne(Object filter, Object update, UpdateOptions options);

    default UpdateResult updateMany(Object filter, Object update) {
        return updateMany(filter, update, UpdateOptions.NONE);
    }

    UpdateResult updateMany(Object filter, Object update, UpdateOptions options);

    default UpdateResult replaceOne(Object filter, Object replacement) {
        return replaceOne(filter, replacement, UpdateOptions.NONE);
    }

    UpdateResult replaceOne(Object filter, Object replacement, UpdateOptions options);

    default DeleteResult deleteOne(Object filter) {
        return deleteOne(filter, DeleteOptions.NONE);
    }

    DeleteResult deleteOne(Object filter, DeleteOptions options);

    default DeleteResult deleteMany(Object filter) {
        return deleteMany(filter, DeleteOptions.NONE);
    }

    DeleteResult deleteMany(Object filter, DeleteOptions options);

    /** Creates an index on the collection (docs/indexes.md); its paths are document field paths. */
    IndexInfo createIndex(IndexSpec spec);

    /** Drops an index by name; false when there is none. */
    boolean dropIndex(String name);

    List<IndexInfo> indexes();

    /** Runs the operations as one atomic batch: any failure (reported with its index) writes nothing. */
    BulkWriteResult bulkWrite(List<BulkOperation> operations);
}
