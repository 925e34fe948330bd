package dev.ecstatic.asl.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a CSV object as Distributed Map items: one object per row, keyed by the headers (the
 * first row's, or those given), every value a string as written. As recorded from AWS: a row with
 * fewer fields than headers gets empty strings, fields beyond the headers are dropped, a line of
 * blanks is a row, and duplicate headers fail the Map Run. Fields may be quoted (RFC 4180).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html">ItemReader (Map)</a>
 */
final class CsvItems {
    /** Why a CSV object cannot be read; the message is States.ItemReaderFailed's cause. */
    static final class UnreadableCsv extends Exception {
        UnreadableCsv(String message) {
            super(message, null, false, false);
        }
    }

    private CsvItems() {}

    /**
     * The items of {@code text}.
     *
     * @param headers the headers when CSVHeaderLocation is GIVEN, null for FIRST_ROW
     * @param delimiter the field separator
     * @param maxItems the most rows to read (0: all)
     */
    static List<Object> items(String text, List<String> headers, char delimiter, long maxItems) throws UnreadableCsv {
        List<List<String>> rows = rows(text, delimiter);
        List<String> names = headers;
        int first = 0;
        if (names == null) {
            if (rows.isEmpty()) {
                return new ArrayList<>();
            }
            names = rows.get(0);
            first = 1;
        }
        if (new HashSet<>(names).size() < names.size()) {
            throw new UnreadableCsv("CSV headers cannot contain duplicates.");
        }
        List<Object> items = new ArrayList<>();
        for (int i = first; i < rows.size() && (maxItems == 0 || items.size() < maxItems); i++) {
            List<String> row = rows.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            for (int column = 0; column < names.size(); column++) {
                item.put(names.get(column), column < row.size() ? row.get(column) : "");
            }
            items.add(item);
        }
        return items;
    }

    /** The character a ReaderConfig CSVDelimiter names (COMMA when absent). */
    static char delimiter(String name) {
        return switch (name == null ? "COMMA" : name) {
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "SPACE" -> ' ';
            case "TAB" -> '\t';
            default -> ',';
        };
    }

    /** The records of {@code text}; an empty line is no record. */
    private static List<List<String>> rows(String text, char delimiter) throws UnreadableCsv {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean lineHasContent = false;
        for (int i = 0; i < text.length(); i++) {
            char character = text.charAt(i);
            if (quoted) {
                if (character == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (character == '"') {
                    quoted = false;
                } else {
                    field.append(character);
                }
            } else if (character == '"' && field.isEmpty()) {
                quoted = true;
                lineHasContent = true;
            } else if (character == delimiter) {
                row.add(field.toString());
                field.setLength(0);
                lineHasContent = true;
            } else if (character == '\n' || character == '\r') {
                if (character == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (lineHasContent || !field.isEmpty()) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                lineHasContent = false;
            } else {
                field.append(character);
                lineHasContent = true;
            }
        }
        if (quoted) {
            throw new UnreadableCsv("The CSV object has a quoted field that is never closed.");
        }
        if (lineHasContent || !field.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
