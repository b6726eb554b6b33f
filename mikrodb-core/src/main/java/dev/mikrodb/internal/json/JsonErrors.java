package dev.mikrodb.internal.json;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors as this tool's own sentences: what was expected, what was found, never Jackson's internal
 * vocabulary ("close marker", "[Source: REDACTED ...]", character codes).
 */
final class JsonErrors {
    private static final Pattern CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)(?:: (.*))?",
            Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'.*", Pattern.DOTALL);
    private static final Pattern SOURCE = Pattern.compile(" ?\\(start marker at \\[Source:.*?\\]\\)|\\[Source:.*?\\]",
            Pattern.DOTALL);

    private JsonErrors() {
    }

    static String plain(String jackson) {
        String m = SOURCE.matcher(jackson).replaceAll("").trim();
        Matcher c = CHAR.matcher(m);
        if (c.matches()) {
            String found = c.group(1);
            String expecting = c.group(2) == null ? "" : c.group(2);
            if (expecting.contains("double-quote to start field name")) {
                return "expected a field name in double quotes, found '" + found + "'";
            }
            if (expecting.contains("comma to separate Object entries")) {
                return "expected ',' or '}' after a field's value, found '" + found + "'";
            }
            if (expecting.contains("comma to separate Array entries")) {
                return "expected ',' or ']' after an array element, found '" + found + "'";
            }
            if (expecting.contains("colon to separate field name and value")) {
                return "expected ':' after the field name, found '" + found + "'";
            }
            return "unexpected '" + found + "'";
        }
        Matcher t = TOKEN.matcher(m);
        if (t.matches()) {
            return "'" + t.group(1) + "' is not a JSON value (text needs double quotes; the bare words are true, false "
                    + "and null)";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            if (m.contains("close marker for Object")) {
                return "the JSON ends before an object is closed (a '}' is missing)";
            }
            if (m.contains("close marker for Array")) {
                return "the JSON ends before an array is closed (a ']' is missing)";
            }
            return "the JSON ends too early";
        }
        if (m.startsWith("Unexpected close marker")) {
            return m.replace("Unexpected close marker", "unexpected");
        }
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
}
