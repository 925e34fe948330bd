package dev.ecstatic.simulator.dynamodb;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The parsed forms of DynamoDB's expressions ("Using expressions in DynamoDB",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html): document
 * paths, operands, conditions and update actions, with every {@code #name} and {@code :value}
 * already substituted.
 */
final class Expr {

    private Expr() {
    }

    /** A document path: a top-level attribute, then map keys and list indexes ({@code a.b[0].c}). */
    record Path(List<Element> elements) {

        Path {
            elements = List.copyOf(elements);
        }

        String head() {
            return ((Element.Name) elements.getFirst()).name();
        }

        boolean isTopLevel() {
            return elements.size() == 1;
        }

        /** As DynamoDB prints paths in messages: {@code [a, b, [0]]}. */
        @Override
        public String toString() {
            return elements.stream()
                    .map(e -> e instanceof Element.Index i ? "[" + i.index() + "]" : ((Element.Name) e).name())
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    sealed interface Element {
        record Name(String name) implements Element {
        }

        record Index(int index) implements Element {
        }
    }

    /** Something that evaluates to a value (or to nothing, for a missing path). */
    sealed interface Operand {
        record PathRef(Path path) implements Operand {
        }

        record Value(AttributeValue value) implements Operand {
        }

        record Size(Path path) implements Operand {
        }

        record IfNotExists(Path path, Operand fallback) implements Operand {
        }

        record ListAppend(Operand first, Operand second) implements Operand {
        }

        /** {@code +} or {@code -} in a SET action. */
        record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
        }
    }

    sealed interface Condition {
        /** {@code =, <>, <, <=, >, >=}. */
        record Compare(String comparator, Operand left, Operand right) implements Condition {
        }

        record Between(Operand value, Operand low, Operand high) implements Condition {
        }

        record In(Operand value, List<Operand> candidates) implements Condition {
        }

        record And(Condition left, Condition right) implements Condition {
        }

        record Or(Condition left, Condition right) implements Condition {
        }

        record Not(Condition condition) implements Condition {
        }

        record AttributeExists(Path path) implements Condition {
        }

        record AttributeNotExists(Path path) implements Condition {
        }

        record AttributeType(Path path, Operand type) implements Condition {
        }

        record BeginsWith(Operand value, Operand prefix) implements Condition {
        }

        record Contains(Operand value, Operand operand) implements Condition {
        }
    }

    sealed interface UpdateAction {
        Path path();

        record Set(Path path, Operand value) implements UpdateAction {
        }

        record Remove(Path path) implements UpdateAction {
        }

        record Add(Path path, AttributeValue value) implements UpdateAction {
        }

        record Delete(Path path, AttributeValue value) implements UpdateAction {
        }
    }
}
