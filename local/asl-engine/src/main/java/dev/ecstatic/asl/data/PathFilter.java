package dev.ecstatic.asl.data;

import dev.ecstatic.asl.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The predicate of a JSONPath filter, {@code [?(@.status == 0 && @.year > 1990)]}: comparisons
 * ({@code == != < <= > >= =~}) of {@code @} paths and literals, joined by {@code &&} and
 * {@code ||}; a lone {@code @} path tests that the member exists.
 */
sealed interface PathFilter {

    /** Whether the predicate holds for {@code current} (the value {@code @} stands for). */
    boolean test(Object current);

    /** {@code left && right}. */
    record And(PathFilter left, PathFilter right) implements PathFilter {
        @Override
        public boolean test(Object current) {
            return left.test(current) && right.test(current);
        }
    }

    /** {@code left || right}. */
    record Or(PathFilter left, PathFilter right) implements PathFilter {
        @Override
        public boolean test(Object current) {
            return left.test(current) || right.test(current);
        }
    }

    /** {@code !predicate}. */
    record Not(PathFilter predicate) implements PathFilter {
        @Override
        public boolean test(Object current) {
            return !predicate.test(current);
        }
    }

    /** {@code @.member}: the member exists. */
    record Exists(Operand operand) implements PathFilter {
        @Override
        public boolean test(Object current) {
            return operand.value(current) != null;
        }
    }

    /** {@code left operator right}. */
    record Comparison(Operand left, String operator, Operand right) implements PathFilter {
        @Override
        public boolean test(Object current) {
            Object leftValue = left.value(current);
            Object rightValue = right.value(current);
            if (leftValue == null || rightValue == null) {
                return false;
            }
            return switch (operator) {
                case "==" -> Json.equal(leftValue, rightValue) && sameType(leftValue, rightValue);
                case "!=" -> !(Json.equal(leftValue, rightValue) && sameType(leftValue, rightValue));
                case "=~" -> leftValue instanceof String text && rightValue instanceof Pattern pattern
                        && matches(pattern, text);
                default -> ordered(leftValue, rightValue);
            };
        }

        /**
         * Java's regular expressions recurse once per repetition of a group: a long enough string
         * overflows the stack, which must end the state with an error, not the engine.
         */
        private static boolean matches(Pattern pattern, String text) {
            try {
                return pattern.matcher(text).matches();
            } catch (StackOverflowError e) {
                throw PathFailure.runtime("The regular expression /" + pattern.pattern() + "/ cannot be matched against a "
                        + "string of " + text.length() + " characters: its repetitions nest too deep");
            }
        }

        private static boolean sameType(Object first, Object second) {
            return Json.typeName(first).equals(Json.typeName(second));
        }

        private boolean ordered(Object first, Object second) {
            int comparison;
            if (first instanceof Number left && second instanceof Number right) {
                comparison = Json.toBigDecimal(left).compareTo(Json.toBigDecimal(right));
            } else if (first instanceof String left && second instanceof String right) {
                comparison = left.compareTo(right);
            } else {
                return false;
            }
            return switch (operator) {
                case "<" -> comparison < 0;
                case "<=" -> comparison <= 0;
                case ">" -> comparison > 0;
                default -> comparison >= 0;
            };
        }
    }

    /** A side of a comparison. */
    sealed interface Operand {
        /** The operand's value for {@code current}, null when a path selects nothing. */
        Object value(Object current);

        /** A literal: number, string, boolean, null or a regular expression. */
        record Literal(Object value) implements Operand {
            @Override
            public Object value(Object current) {
                return value;
            }
        }

        /** {@code @.path}: a path from the current element. */
        record Relative(List<PathSelector> selectors) implements Operand {
            @Override
            public Object value(Object current) {
                Object value = current;
                for (PathSelector selector : selectors) {
                    List<Object> selected = new ArrayList<>(1);
                    selector.select(value, selected);
                    if (selected.isEmpty()) {
                        return null;
                    }
                    value = selected.get(0);
                }
                return value;
            }
        }
    }
}
