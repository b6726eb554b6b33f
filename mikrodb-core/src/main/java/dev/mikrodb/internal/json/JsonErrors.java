package dev.mikrodb.internal.json;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors as this tool's own sentences: what was expected, what was found, never Jackson's internal
 * vocabulary ("close marker", "[Source: REDACTED ...]", character codes, parser features "to enable", the names of
 * its size constraints). Every message that reaches a user about malformed JSON (a request body, a value, a filter, a
 * config or import file) passes through here ({@link Json#describe}).
 */
final class JsonErrors {
    private static final Pattern CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)(?:: (.*))?",
            Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'.*", Pattern.DOTALL);
    private static final Pattern SOURCE = Pattern.compile(" ?\\(start marker at \\[Source:.*?\\]\\)|\\[Source:.*?\\]",
            Pattern.DOTALL);
    private static final Pattern IN_NUMBER = Pattern.compile(
            "Unexpected character \\('(.+?)' \\(code \\d+\\)\\) in numeric value: (.*)", Pattern.DOTALL);
    private static final Pattern NON_NUMBER = Pattern.compile("Non-standard token '(.*?)'.*", Pattern.DOTALL);
    private static final Pattern CONTROL = Pattern.compile(
            "Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*", Pattern.DOTALL);
    private static final Pattern ESCAPE = Pattern.compile("Unrecognized character escape '(.+?)'.*", Pattern.DOTALL);
    /** Jackson's size limits ({@code StreamReadConstraints}): what was too long or deep, and the limit. */
    private static final Pattern LIMIT = Pattern.compile(
            "(Document nesting depth|Number value length|String value length|Name length) \\((\\d+)\\) exceeds the "
                    + "maximum allowed \\((\\d+).*", Pattern.DOTALL);
    private static final Pattern CLOSE = Pattern.compile(
            "Unexpected close marker '(.)': expected '(.)' \\(for (\\w+) starting at.*", Pattern.DOTALL);

    private JsonErrors() {
    }

    static String plain(String jackson) {
        String m = SOURCE.matcher(jackson).replaceAll("").trim();
        String special = numbersAndStrings(m);
        if (special != null) {
            return special;
        }
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
            if (expecting.contains("hex-digit for character escape")) {
                return "a \\u escape needs four hexadecimal digits, found '" + found + "'";
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
            if (m.contains("VALUE_STRING") || m.contains("closing quote for a string value")) {
                return "the JSON ends inside a string (a closing '\"' is missing)";
            }
            return "the JSON ends too early";
        }
        Matcher close = CLOSE.matcher(m);
        if (close.matches() && close.group(3).equals("root")) {
            return "unexpected '" + close.group(1) + "'";
        }
        if (close.matches()) {
            return "unexpected '" + close.group(1) + "' where a '" + close.group(2) + "' should close "
                    + (close.group(2).equals("]") ? "an array" : "an object");
        }
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /**
     * Messages about numbers, strings and size limits, whose Jackson wording names parser features and character
     * codes (and suggests enabling features a user of this database cannot reach); null for any other message.
     */
    private static String numbersAndStrings(String m) {
        Matcher n = IN_NUMBER.matcher(m);
        if (n.matches()) {
            String found = n.group(1);
            String why = n.group(2);
            if (why.contains("plus sign")) {
                return "a number cannot start with '+'";
            }
            if (why.contains("Decimal point")) { // at the end of the input Jackson names the point itself
                return "a decimal point must be followed by a digit" + (found.equals(".") ? "" : ", found '" + found
                        + "'");
            }
            if (why.contains("minus sign")) {
                return "a '-' must be followed by a digit, found '" + found + "'";
            }
            if (why.contains("Exponent")) {
                return "an exponent must have digits, found '" + found + "'";
            }
            return "unexpected '" + found + "' in a number";
        }
        if (m.startsWith("Invalid UTF-8 start byte")) {
            // user input is checked to be UTF-8 before it is parsed: this is a non-ASCII character out of place
            return "unexpected character where a JSON value should be (text needs double quotes)";
        }
        if (m.startsWith("Invalid numeric value: Leading zeroes")) {
            return "a number cannot have leading zeros";
        }
        Matcher nonNumber = NON_NUMBER.matcher(m);
        if (nonNumber.matches()) {
            return "'" + nonNumber.group(1) + "' is not a JSON number: JSON has no NaN or infinity";
        }
        Matcher control = CONTROL.matcher(m);
        if (control.matches()) {
            return "a control character (code " + control.group(1) + ") must be escaped inside a string (as \\n, "
                    + "\\t or \\u and four hexadecimal digits)";
        }
        Matcher escape = ESCAPE.matcher(m);
        if (escape.matches()) {
            return "'\\" + escape.group(1) + "' is not a JSON escape; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r "
                    + "\\t and \\u with four hexadecimal digits";
        }
        Matcher limit = LIMIT.matcher(m);
        if (limit.matches()) {
            return switch (limit.group(1)) {
                case "Document nesting depth" -> "the JSON is nested more than " + limit.group(3) + " levels deep";
                case "Number value length" -> "a number is longer than " + limit.group(3) + " characters";
                case "String value length" -> "a string is longer than " + limit.group(3) + " characters";
                default -> "a field name is longer than " + limit.group(3) + " characters";
            };
        }
        return null;
    }
}
