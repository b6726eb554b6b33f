package dev.mikrodb.internal.engine;

import dev.mikrodb.ValidationException;
import java.nio.charset.StandardCharsets;

/** Validation of table names and keys: the only strings from users that reach file names or file contents. */
public final class Names {
    public static final int MAX_TABLE_NAME = 128;
    public static final int MAX_KEY_BYTES = 1024;

    private Names() {
    }

    public static void checkTableName(String name) {
        if (name == null) {
            throw new ValidationException("table name is missing");
        }
        if (name.isEmpty() || name.length() > MAX_TABLE_NAME || name.equals(".") || name.equals("..")) {
            throw new ValidationException("table name '" + printable(name) + "' is invalid: it must be 1 to "
                    + MAX_TABLE_NAME + " characters and not '.' or '..'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.';
            if (!ok) {
                throw new ValidationException("table name '" + printable(name) + "' is invalid: only letters, "
                        + "digits, '_', '-' and '.' are allowed");
            }
        }
    }

    public static void checkKey(String key) {
        if (key == null) {
            throw new ValidationException("key is missing");
        }
        if (key.isEmpty()) {
            throw new ValidationException("key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationException("key '" + printable(key) + "' is not valid UTF-8 text "
                        + "(unpaired surrogate at index " + i + ")");
            }
        }
        if (key.length() > MAX_KEY_BYTES / 3 && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new ValidationException("key is longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
    }

    private static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder();
        shown.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
