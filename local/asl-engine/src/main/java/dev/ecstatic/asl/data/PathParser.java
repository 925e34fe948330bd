package dev.ecstatic.asl.data;

import dev.ecstatic.asl.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the text of a {@link JsonPath} into its root and selectors. */
final class PathParser {
    private final String text;
    private int position;

    PathParser(String text) {
        this.text = text;
    }

    JsonPath path() {
        if (!text.startsWith("$")) {
            throw new IllegalArgumentException("a path starts with $");
        }
        position = 1;
        JsonPath.Root root = JsonPath.Root.INPUT;
        String variable = null;
        if (peek('$')) {
            position++;
            root = JsonPath.Root.CONTEXT;
        } else if (position < text.length() && isNameStart(text.charAt(position))) {
            int start = position;
            while (position < text.length() && isNameChar(text.charAt(position))) {
                position++;
            }
            root = JsonPath.Root.VARIABLE;
            variable = text.substring(start, position);
        }
        List<PathSelector> selectors = selectors('\0');
        if (position != text.length()) {
            throw fail("unexpected '" + text.charAt(position) + "'");
        }
        return JsonPath.of(text, root, variable, selectors);
    }

    /** Selectors until the end, or until {@code stop} (outside brackets) in a filter. */
    private List<PathSelector> selectors(char stop) {
        List<PathSelector> selectors = new ArrayList<>();
        while (position < text.length() && !isFilterEnd(stop)) {
            char character = text.charAt(position);
            if (character == '.' && peekAt(position + 1, '.')) {
                position += 2;
                PathSelector step = peek('[') ? bracket() : peek('*') ? wildcard() : new PathSelector.Member(name());
                selectors.add(new PathSelector.DeepScan(step));
            } else if (character == '.') {
                position++;
                selectors.add(peek('*') ? wildcard() : new PathSelector.Member(name()));
            } else if (character == '[') {
                selectors.add(bracket());
            } else {
                break;
            }
        }
        return selectors;
    }

    private boolean isFilterEnd(char stop) {
        if (stop == '\0') {
            return false;
        }
        char character = text.charAt(position);
        return character == ' ' || character == ')' || character == '=' || character == '!' || character == '<' || character == '>' || character == '&' || character == '|';
    }

    private PathSelector wildcard() {
        position++;
        return new PathSelector.Wildcard();
    }

    private String name() {
        int start = position;
        while (position < text.length() && text.charAt(position) != '.' && text.charAt(position) != '['
                && !isOperatorChar(text.charAt(position))) {
            position++;
        }
        if (start == position) {
            throw fail("a member name is missing");
        }
        return text.substring(start, position);
    }

    private PathSelector bracket() {
        position++; // [
        skipSpaces();
        PathSelector selector;
        if (peek('*')) {
            position++;
            selector = new PathSelector.Wildcard();
        } else if (peek('?')) {
            selector = filter();
        } else if (peek('\'') || peek('"')) {
            List<String> names = new ArrayList<>();
            do {
                skipSpaces();
                names.add(quoted());
                skipSpaces();
            } while (consume(','));
            selector = names.size() == 1 ? new PathSelector.Member(names.get(0)) : new PathSelector.Members(names);
        } else {
            selector = indexes();
        }
        skipSpaces();
        expect(']');
        return selector;
    }

    private PathSelector indexes() {
        Integer first = peek(':') ? null : integer();
        skipSpaces();
        if (consume(':')) {
            skipSpaces();
            Integer end = peek(']') ? null : integer();
            return new PathSelector.Slice(first, end);
        }
        if (first == null) {
            throw fail("an index is missing");
        }
        List<Integer> indexes = new ArrayList<>(List.of(first));
        while (consume(',')) {
            skipSpaces();
            indexes.add(integer());
            skipSpaces();
        }
        return indexes.size() == 1 ? new PathSelector.Index(first) : new PathSelector.Indexes(indexes);
    }

    private PathSelector filter() {
        int start = position;
        position++; // ?
        expect('(');
        PathFilter predicate = disjunction();
        skipSpaces();
        expect(')');
        String source = text.substring(start + 2, position - 1);
        return new PathSelector.Filter(predicate, source);
    }

    private PathFilter disjunction() {
        PathFilter left = conjunction();
        skipSpaces();
        while (text.startsWith("||", position)) {
            position += 2;
            left = new PathFilter.Or(left, conjunction());
            skipSpaces();
        }
        return left;
    }

    private PathFilter conjunction() {
        PathFilter left = comparison();
        skipSpaces();
        while (text.startsWith("&&", position)) {
            position += 2;
            left = new PathFilter.And(left, comparison());
            skipSpaces();
        }
        return left;
    }

    private PathFilter comparison() {
        skipSpaces();
        if (consume('!')) {
            return new PathFilter.Not(comparison());
        }
        if (consume('(')) {
            PathFilter inner = disjunction();
            skipSpaces();
            expect(')');
            return inner;
        }
        PathFilter.Operand left = operand();
        skipSpaces();
        for (String operator : List.of("==", "!=", "<=", ">=", "=~", "<", ">")) {
            if (text.startsWith(operator, position)) {
                position += operator.length();
                skipSpaces();
                return new PathFilter.Comparison(left, operator, operand());
            }
        }
        return new PathFilter.Exists(left);
    }

    private PathFilter.Operand operand() {
        if (consume('@')) {
            return new PathFilter.Operand.Relative(selectors(')'));
        }
        if (peek('\'') || peek('"')) {
            return new PathFilter.Operand.Literal(quoted());
        }
        if (consume('/')) {
            int start = position;
            while (position < text.length() && text.charAt(position) != '/') {
                position++;
            }
            String regex = text.substring(start, position);
            expect('/');
            boolean ignoreCase = consume('i');
            return new PathFilter.Operand.Literal(Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
        }
        for (String word : List.of("true", "false", "null")) {
            if (text.startsWith(word, position)) {
                position += word.length();
                return new PathFilter.Operand.Literal(switch (word) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> Json.NULL;
                });
            }
        }
        int start = position;
        while (position < text.length() && "-+.0123456789eE".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        if (start == position) {
            throw fail("a value is missing in the filter");
        }
        String number = text.substring(start, position);
        try {
            return new PathFilter.Operand.Literal(number.contains(".") || number.contains("e") || number.contains("E")
                    ? (Object) Double.parseDouble(number) : (Object) Long.parseLong(number));
        } catch (NumberFormatException e) {
            throw fail("'" + number + "' is not a number");
        }
    }

    private String quoted() {
        char quote = text.charAt(position++);
        StringBuilder value = new StringBuilder();
        while (position < text.length() && text.charAt(position) != quote) {
            char character = text.charAt(position++);
            // Only the quote itself is escaped inside a quoted name (as recorded from AWS).
            if (character == '\\' && position < text.length() && text.charAt(position) == quote) {
                character = text.charAt(position++);
            }
            value.append(character);
        }
        expect(quote);
        return value.toString();
    }

    private int integer() {
        int start = position;
        if (peek('-')) {
            position++;
        }
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        try {
            return Integer.parseInt(text.substring(start, position));
        } catch (NumberFormatException e) {
            throw fail("an index must be an integer");
        }
    }

    private static boolean isNameStart(char character) {
        return Character.isLetter(character) || character == '_';
    }

    private static boolean isNameChar(char character) {
        return Character.isLetterOrDigit(character) || character == '_';
    }

    private static boolean isOperatorChar(char character) {
        return character == ' ' || character == ')' || character == '=' || character == '!' || character == '<' || character == '>' || character == '&' || character == '|';
    }

    private void skipSpaces() {
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
    }

    private boolean peek(char character) {
        return peekAt(position, character);
    }

    private boolean peekAt(int at, char character) {
        return at < text.length() && text.charAt(at) == character;
    }

    private boolean consume(char character) {
        if (peek(character)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char character) {
        if (!consume(character)) {
            throw fail("'" + character + "' expected");
        }
    }

    private IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException("invalid JSONPath '" + text + "' at position " + position + ": " + problem);
    }
}
