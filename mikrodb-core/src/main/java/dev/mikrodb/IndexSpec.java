package dev.mikrodb;

import java.util.ArrayList;
import java.util.List;

/**
 * A secondary index of a table or collection: one or more field paths (dot paths into the JSON value), each
 * ascending or descending; {@code unique} refuses two items with equal values; {@code sparse} leaves out items that
 * lack the first path. An array field is indexed element by element (a multikey index). See docs/indexes.md.
 *
 * @param name the index's name, unique within its table; derived from the fields when null
 *     ({@code age_1_name_-1})
 */
public record IndexSpec(String name, List<Field> fields, boolean unique, boolean sparse) {
    /** One indexed path and its direction. */
    public record Field(String path, boolean descending) {
        public Field {
            if (path == null || path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")
                    || path.startsWith("$")) {
                throw new ValidationException("index field path '" + path + "' is not a valid path");
            }
        }
    }

    public IndexSpec {
        if (fields == null || fields.isEmpty()) {
            throw new ValidationException("an index needs at least one field");
        }
        if (fields.size() > 8) {
            throw new ValidationException("an index has at most 8 fields; got " + fields.size());
        }
        fields = List.copyOf(fields);
        List<String> seen = new ArrayList<>();
        for (Field f : fields) {
            if (seen.contains(f.path())) {
                throw new ValidationException("index field '" + f.path() + "' is given twice");
            }
            seen.add(f.path());
        }
        if (name == null) {
            StringBuilder n = new StringBuilder();
            for (Field f : fields) {
                n.append(n.length() == 0 ? "" : "_").append(f.path()).append(f.descending() ? "_-1" : "_1");
            }
            name = n.toString();
        }
        if (name.isEmpty() || name.length() > 128 || !name.matches("[A-Za-z0-9_.\\-]+")) {
            throw new ValidationException("index name '" + name + "' is invalid: 1 to 128 letters, digits, '_', "
                    + "'.' and '-'");
        }
    }

    /** An ascending index on one path. */
    public static IndexSpec on(String path) {
        return new IndexSpec(null, List.of(new Field(path, false)), false, false);
    }

    public IndexSpec asUnique() {
        return new IndexSpec(name, fields, true, sparse);
    }

    public IndexSpec asSparse() {
        return new IndexSpec(name, fields, unique, true);
    }

    public IndexSpec named(String newName) {
        return new IndexSpec(newName, fields, unique, sparse);
    }
}
