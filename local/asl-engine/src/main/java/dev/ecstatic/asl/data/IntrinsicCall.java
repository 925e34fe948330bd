package dev.ecstatic.asl.data;

import dev.ecstatic.asl.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A call of an intrinsic function, {@code States.Format('{} items', $.count)}, parsed: its
 * arguments are string literals in single quotes ({@code \'}, {@code \{}, {@code \}} and
 * {@code \\} escaped), numbers, {@code true}, {@code false}, {@code null}, paths and nested calls.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html">Intrinsic functions</a>
 */
public record IntrinsicCall(String text, String function, List<Argument> arguments) {

    /** The functions Step Functions offers. */
    static final Set<String> FUNCTIONS = Set.of("States.Format", "States.StringToJson", "States.JsonToString",
            "States.Array", "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange",
            "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode",
            "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd",
            "States.StringSplit", "States.UUID");

    public IntrinsicCall {
        arguments = List.copyOf(arguments);
    }

    /** An argument of a call. */
    public sealed interface Argument {
        /** A literal: string, number, boolean or null. */
        record Literal(Object value) implements Argument {}

        /** A path: {@code $.x}, {@code $$.Execution.Id}, {@code $name}. */
        record Path(JsonPath path) implements Argument {}

        /** A nested call. */
        record Call(IntrinsicCall call) implements Argument {}
    }

    /** Whether {@code text} is written as a call of an intrinsic function. */
    public static boolean looksLikeCall(String text) {
        return text.startsWith("States.") && text.contains("(");
    }

    /**
     * Parses a call.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static IntrinsicCall parse(String text) {
        Parser parser = new Parser(text);
        IntrinsicCall call = parser.call();
        parser.skipSpaces();
        if (parser.position != text.length()) {
            throw parser.fail("unexpected text after the call");
        }
        return call;
    }

    /** Evaluates the call against {@code scope}; throws {@link PathFailure} when it fails. */
    public Object evaluate(PathScope scope) {
        List<Object> values = new ArrayList<>(arguments.size());
        for (Argument argument : arguments) {
            values.add(switch (argument) {
                case Argument.Literal literal -> literal.value();
                case Argument.Path path -> readPath(path.path(), scope);
                case Argument.Call call -> call.call().evaluate(scope);
            });
        }
        return IntrinsicFunctions.apply(this, values);
    }

    private Object readPath(JsonPath path, PathScope scope) {
        try {
            return path.read(scope);
        } catch (JsonPath.NoMatch e) {
            throw PathFailure.runtime("The JSONPath '" + path.text() + "' specified for the intrinsic function '"
                    + function + "' could not be found in the input '" + Json.write(scope.input()) + "'");
        }
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        IntrinsicCall call() {
            skipSpaces();
            int start = position;
            while (position < text.length() && text.charAt(position) != '(') {
                position++;
            }
            String function = text.substring(start, position).trim();
            if (!FUNCTIONS.contains(function)) {
                throw fail("'" + function + "' is not an intrinsic function");
            }
            expect('(');
            List<Argument> arguments = new ArrayList<>();
            skipSpaces();
            if (!consume(')')) {
                do {
                    arguments.add(argument());
                    skipSpaces();
                } while (consume(','));
                expect(')');
            }
            return new IntrinsicCall(text.substring(start, position), function, arguments);
        }

        private Argument argument() {
            skipSpaces();
            if (position >= text.length()) {
                throw fail("an argument is missing");
            }
            char character = text.charAt(position);
            if (character == '\'') {
                return new Argument.Literal(string());
            }
            if (character == '$') {
                return new Argument.Path(JsonPath.parse(pathText()));
            }
            if (text.startsWith("States.", position)) {
                return new Argument.Call(call());
            }
            for (String word : List.of("true", "false", "null")) {
                if (text.startsWith(word, position)) {
                    position += word.length();
                    return new Argument.Literal(switch (word) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> Json.NULL;
                    });
                }
            }
            return new Argument.Literal(number());
        }

        private String string() {
            position++; // '
            StringBuilder value = new StringBuilder();
            while (position < text.length() && text.charAt(position) != '\'') {
                char character = text.charAt(position++);
                if (character == '\\' && position < text.length()) {
                    character = text.charAt(position++);
                    if (character == '{' || character == '}') {
                        value.append('\\'); // kept for States.Format: an escaped brace is no placeholder
                    }
                }
                value.append(character);
            }
            expect('\'');
            return value.toString();
        }

        /** A path runs to the next ',' or ')' outside brackets and quotes. */
        private String pathText() {
            int start = position;
            int depth = 0;
            char quote = 0;
            while (position < text.length()) {
                char character = text.charAt(position);
                if (quote != 0) {
                    if (character == quote) {
                        quote = 0;
                    }
                } else if (character == '\'' || character == '"') {
                    quote = character;
                } else if (character == '[' || character == '(') {
                    depth++;
                } else if (character == ']' || (character == ')' && depth > 0)) {
                    depth--;
                } else if (depth == 0 && (character == ',' || character == ')')) {
                    break;
                }
                position++;
            }
            return text.substring(start, position).trim();
        }

        private Object number() {
            int start = position;
            while (position < text.length() && "-+.0123456789eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            String number = text.substring(start, position);
            try {
                if (number.contains(".") || number.contains("e") || number.contains("E")) {
                    return Double.parseDouble(number);
                }
                return Long.parseLong(number);
            } catch (NumberFormatException e) {
                throw fail("an argument must be a 'string', a number, true, false, null, a path or a call");
            }
        }

        void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private boolean consume(char character) {
            if (position < text.length() && text.charAt(position) == character) {
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

        IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException("invalid intrinsic function call '" + text + "' at position "
                    + position + ": " + problem);
        }
    }
}
